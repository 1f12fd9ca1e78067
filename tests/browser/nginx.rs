//! nginx, Debian's package (installed by `cargo xtask bootstrap`), serving a built console with a
//! configuration from `hosting/nginx/` as the README tells users to: the very file, with only its
//! `listen` port and its web root path changed. Each instance runs in the foreground, unprivileged
//! where the tests are, with its own prefix directory (config, pid, logs, temp files) and a free
//! loopback port, and is stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's nginx configurations.
pub fn hosting_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("hosting/nginx")
}

/// Copies `from` into `to` (created), as a user copies dist/ to their host.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

pub struct Nginx {
    child: Child,
    /// The prefix directory: nginx.conf, site.conf, error.log, access.log, nginx.pid, temp dirs.
    pub dir: PathBuf,
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub origin: String,
}

/// A site file of hosting/nginx/ (`root.conf`, `tools-cks.conf`): its text, and the web root path
/// it names (its `root` directive), which the tests replace with their own.
pub fn site(name: &str) -> (String, String) {
    let text = std::fs::read_to_string(hosting_dir().join(name)).unwrap_or_else(|e| panic!("hosting/nginx/{name}: {e}"));
    let root = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("root ").map(|r| r.trim_end_matches(';').trim().to_owned()))
        .unwrap_or_else(|| panic!("hosting/nginx/{name} has no root directive"));
    (text, root)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Nginx {
    /// nginx on hosting/nginx/`site_file`, its web root replaced by `web_root`.
    pub fn start(site_file: &str, web_root: &Path) -> Nginx {
        let (text, placeholder) = site(site_file);
        Self::start_with(&text, &placeholder, web_root)
    }

    /// nginx on the site configuration `text`, with every `placeholder` path replaced by
    /// `web_root` and its one `listen 80;` by a free loopback port. (A test may hand it a
    /// deliberately broken copy of a shipped file to see its checks fail.)
    pub fn start_with(text: &str, placeholder: &str, web_root: &Path) -> Nginx {
        let nginx = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        assert!(Path::new(&nginx).exists(), "{nginx} is missing: `cargo xtask bootstrap` installs Debian's nginx (as root)");
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cks-nginx-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(text.matches("listen 80;").count(), 1, "the site file listens once, on port 80");
        let port = free_port();
        let site = text.replace("listen 80;", &format!("listen 127.0.0.1:{port};")).replace(placeholder, &web_root.display().to_string());
        std::fs::write(dir.join("site.conf"), site).unwrap();
        // What Debian's /etc/nginx/nginx.conf gives a site, with every path in the prefix.
        let version = Command::new(&nginx).arg("-V").output().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).unwrap_or_default();
        let mut temp = String::new();
        for module in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            if !version.contains(&format!("--without-http_{module}_module")) {
                temp.push_str(&format!("    {module}_temp_path {}/{module}_temp;\n", dir.display()));
            }
        }
        let brotli = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
        let main = format!(
            "load_module {brotli};\nworker_processes 1;\nerror_log {d}/error.log;\nevents {{ worker_connections 256; }}\n\
             http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    sendfile on;\n    tcp_nopush on;\n\
             access_log {d}/access.log;\n{temp}    include {d}/site.conf;\n}}\n",
            d = dir.display()
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let child = Command::new(&nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-g")
            .arg(format!("daemon off; pid {}/nginx.pid;", dir.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let mut server = Nginx { child, dir, origin: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("nginx exited ({status}): {}", server.error_log());
            }
            assert!(Instant::now() < deadline, "nginx did not answer on {port}: {}", server.error_log());
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // TERM: the master stops its worker and exits (a KILL would leave the worker serving).
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !matches!(self.child.try_wait(), Ok(Some(_))) {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
