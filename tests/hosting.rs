//! Hosted as users host it: the release build made with `--public-url /tools/cks/`, copied under
//! that path of a plain static file server (no routing rules, nothing but files), served with its
//! precompressed copies. Sign-in, the table, Connect and CONNECTED all work there.

mod browser;

use browser::{demo_sts_json, now_s, Browser};
use cks_sandbox::seed::Seed;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A web root whose `tools/cks/` holds the sub-path build, served as plain files.
async fn static_host() -> (String, PathBuf) {
    let dist = std::env::var("CKS_DIST_SUBPATH").expect("CKS_DIST_SUBPATH must name the build made with --public-url /tools/cks/ (run `cargo xtask test`)");
    let root = std::env::temp_dir().join(format!("cks-static-host-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(Path::new(&dist), &root.join("tools/cks"));
    let addr = cks_sandbox::site::serve_plain(root.clone(), "127.0.0.1:0").await.unwrap();
    (format!("http://{addr}"), root)
}

#[tokio::test]
async fn the_sub_path_build_works_from_a_plain_static_host_with_its_precompressed_files() {
    let (host, root) = static_host().await;
    let index = std::fs::read_to_string(root.join("tools/cks/index.html")).unwrap();
    assert!(index.contains("href=\"/tools/cks/cks-console-"), "the build links its files under the sub-path");
    // The main module, as the loader names it: /tools/cks/wasm-<hash>/main_bg.wasm.
    let start = index.find("module_or_path: '/tools/cks/").expect("the loader starts the wasm from under the sub-path") + "module_or_path: '/tools/cks/".len();
    let wasm_name = index[start..start + index[start..].find('\'').unwrap()].to_owned();
    let wasm = root.join("tools/cks").join(&wasm_name);
    // Each encoding the client accepts, from its own precompressed file.
    for (accept, encoding, suffix) in [("br", Some("br"), ".br"), ("gzip", Some("gzip"), ".gz"), ("identity", None, "")] {
        // This reqwest decodes nothing (its compression features are off): the bytes are the wire's.
        let r = reqwest::Client::new().get(format!("{host}/tools/cks/{wasm_name}")).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        let body = r.bytes().await.unwrap();
        assert_eq!(body.as_ref(), std::fs::read(format!("{}{suffix}", wasm.display())).unwrap(), "{accept}: served the file as built");
    }

    let b = Browser::start_at(Seed::demo(), format!("{host}/tools/cks/"), &[]).await;
    let page = b.paste_sign_in("us-east-1", &demo_sts_json(now_s() + 3600), 4).await;
    page.act("payments-hsm", "Connect").await;
    page.wait_for_state("payments-hsm", "CONNECTED", Duration::from_secs(20)).await;
    // The browser fetched the wasm compressed (fewer bytes on the wire than in memory).
    let sizes = page
        .run_script(
            "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return e ? [e.encodedBodySize, e.decodedBodySize] : null;",
        )
        .await;
    let (encoded, decoded) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
    assert!(encoded > 0 && encoded * 2 < decoded, "the wasm came compressed: {encoded} of {decoded} bytes");
    eprintln!("MEASURED hosted at /tools/cks/: wasm {encoded} bytes on the wire for {decoded}");
    b.finish().await;
    let _ = std::fs::remove_dir_all(root);
}
