//! The console's SigV4 signer as a page of its own, for `cargo xtask bench` ("one SigV4 signature
//! inside the page"): built for wasm32 with the release profile and wasm-opt like the console, it
//! exports `bench_sign(samples, batch)`, which signs the request the console sends to list key
//! stores and returns `samples` times in milliseconds, each the mean of `batch` signatures (the
//! page's clock ticks in 0.1 ms steps). Natively it does nothing.

#[cfg(target_arch = "wasm32")]
mod page {
    use cks_console::aws::credentials::Credentials;
    use cks_console::aws::sigv4::sign_request;
    use cks_console::kms::model::DescribeCustomKeyStoresRequest;
    use cks_console::kms::operation::{build_request, Operation};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn bench_sign(samples: u32, batch: u32) -> Vec<f64> {
        let performance = web_sys::window().and_then(|w| w.performance()).expect("a page with a clock");
        // Fake credentials: nothing is sent.
        let credentials =
            Credentials::from_fields("ASIABENCHMARKFAKE001", "bench/secret/FAKE/not/a/real/key/000000", "bench-token-FAKE").expect("valid fields");
        let input = DescribeCustomKeyStoresRequest { limit: Some(1000), ..Default::default() };
        let batch = batch.max(1);
        (0..samples)
            .map(|_| {
                let mut requests: Vec<_> =
                    (0..batch).map(|_| build_request("https://kms.us-east-1.amazonaws.com/", Operation::DescribeCustomKeyStores, &input)).collect();
                let now_ms = js_sys::Date::now() as u64;
                let start = performance.now();
                for request in &mut requests {
                    sign_request(request, &credentials, "us-east-1", "kms", now_ms).expect("signed");
                }
                (performance.now() - start) / f64::from(batch)
            })
            .collect()
    }
}

fn main() {}
