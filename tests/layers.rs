//! The architecture as a test: every file of `src/` imports only its own layer and the layers
//! below it, and no two files import each other, directly or round a loop. A file's imports are
//! the `crate::…` and `super::…` paths written in it, resolved to the file that defines the module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top: a layer may use the ones before it, never the ones after.
const LAYERS: [&str; 8] = ["aws", "kms", "health", "fleet", "browser", "hooks", "state", "ui"];

type Module = Vec<String>;

fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            modules(&path, &[prefix, &[name]].concat(), out);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "main" {
            let module = if name == "mod" || name == "lib" { prefix.to_vec() } else { [prefix, &[name]].concat() };
            out.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

fn ident(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    s.split_at(end)
}

/// The paths after `crate::` or `super::` in `text`, a `{…}` group giving one path per item.
fn paths(text: &str, from: &Module) -> Vec<Module> {
    let mut found = vec![];
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for (at, _) in code.match_indices("crate::").chain(code.match_indices("super::")) {
        if at > 0 && code[..at].ends_with("super::") || code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut rest = &code[at..];
        let mut base: Module = if rest.starts_with("crate::") {
            rest = &rest[7..];
            vec![]
        } else {
            let mut base = from.clone();
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            base
        };
        loop {
            let (name, after) = ident(rest);
            if name.is_empty() {
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    for item in group.split(',') {
                        let (first, _) = ident(item.trim());
                        found.push([base.clone(), vec![first.to_owned()]].concat());
                    }
                }
                break;
            }
            base.push(name.to_owned());
            match after.strip_prefix("::") {
                Some(next) => rest = next,
                None => break,
            }
        }
        found.push(base);
    }
    found
}

/// The file-level import graph: module → the modules (files) it uses.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = BTreeMap::new();
    modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &[], &mut files);
    let mut edges = BTreeMap::new();
    for (module, text) in &files {
        let mut uses = BTreeSet::new();
        for mut path in paths(text, module) {
            while !path.is_empty() && !files.contains_key(&path) {
                path.pop();
            }
            // The crate root only declares modules; a module's own path is itself.
            if !path.is_empty() && &path != module {
                uses.insert(path);
            }
        }
        edges.insert(module.clone(), uses);
    }
    edges
}

fn rank(module: &Module) -> Option<usize> {
    module.first().and_then(|top| LAYERS.iter().position(|l| l == top))
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let mut wrong = vec![];
    for (module, uses) in graph() {
        for used in uses {
            if let (Some(from), Some(to)) = (rank(&module), rank(&used)) {
                if to > from {
                    wrong.push(format!("{} uses {}", module.join("::"), used.join("::")));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers ({LAYERS:?}):\n{}", wrong.join("\n"));
}

#[test]
fn no_file_imports_itself_round_a_loop() {
    let graph = graph();
    // Depth-first search with colours: a grey module met again closes a cycle.
    fn visit(m: &Module, graph: &BTreeMap<Module, BTreeSet<Module>>, colour: &mut BTreeMap<Module, u8>, stack: &mut Vec<Module>) -> Option<Vec<Module>> {
        colour.insert(m.clone(), 1);
        stack.push(m.clone());
        for next in graph.get(m).into_iter().flatten() {
            match colour.get(next) {
                Some(1) => {
                    let start = stack.iter().position(|s| s == next).unwrap();
                    return Some([&stack[start..], std::slice::from_ref(next)].concat());
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, colour, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        colour.insert(m.clone(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for m in graph.keys() {
        if !colour.contains_key(m) {
            if let Some(cycle) = visit(m, &graph, &mut colour, &mut vec![]) {
                panic!("import cycle: {}", cycle.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" → "));
            }
        }
    }
}

#[test]
fn the_graph_sees_known_imports() {
    // Guards the parser itself: a graph that found nothing would pass both tests above.
    let graph = graph();
    let uses = |from: &[&str], to: &[&str]| {
        graph[&from.iter().map(|s| s.to_string()).collect::<Module>()].contains(&to.iter().map(|s| s.to_string()).collect::<Module>())
    };
    assert!(uses(&["ui", "app"], &["ui", "deferred"]));
    assert!(uses(&["state", "scope", "actions"], &["state", "scope"]));
    assert!(uses(&["kms", "client"], &["aws", "http"]) || uses(&["kms", "client"], &["aws", "client"]));
}
