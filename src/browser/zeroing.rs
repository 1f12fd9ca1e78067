//! The page's allocator: the platform's own, but every block is wiped before it is freed (and a
//! block that grows moves, its old place wiped). Secrets pass through many short-lived copies the
//! code never names (a paste being parsed, `format!("AWS4{secret}")` inside the signer, the
//! strings wasm-bindgen hands over from the form), and a freed block keeps its bytes until
//! something else is written there: without this, a credential could be read out of the
//! WebAssembly memory long after sign-out (issue «Resilience and security», finding 10).

use std::alloc::{GlobalAlloc, Layout, System};

pub struct ZeroOnFree;

// SAFETY: every call is passed to `System` unchanged; `dealloc` only writes inside the block it is
// about to free, which the caller owns.
unsafe impl GlobalAlloc for ZeroOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            zeroize::Zeroize::zeroize(std::slice::from_raw_parts_mut(ptr, layout.size()));
            System.dealloc(ptr, layout);
        }
    }
    // `realloc` is GlobalAlloc's own: a new block, a copy, and the old one freed (so wiped) here.
}

#[global_allocator]
static ALLOCATOR: ZeroOnFree = ZeroOnFree;

/// Overwrites the part of the stack that the signer's frames just used (its HMAC key block is a
/// plain copy of `"AWS4" + secret` on the stack), so that it does not stay there either.
#[inline(never)]
pub fn scrub_stack() {
    let mut area = [0u8; 16 * 1024];
    zeroize::Zeroize::zeroize(&mut area[..]);
    std::hint::black_box(&area);
}
