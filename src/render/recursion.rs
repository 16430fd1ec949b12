//! Templates that would call themselves forever.
//!
//! Tera renders includes and macro calls by recursing, with no limit: `{% include "page.html" %}`
//! inside `page.html`, or a macro that calls itself, overflows the stack and aborts the process.
//! Before anything is rendered, the templates' syntax trees are read for includes, `extends` and
//! macro calls, and any cycle among them is a diagnostic naming the templates. The one recursion
//! allowed is the one that always ends: a macro that calls itself inside a `for` loop over one of
//! its arguments, passing that argument an item of the loop (a table of contents walking its
//! children). Data is finite, so each call gets a smaller part of it.

use std::collections::BTreeMap;

use tera::ast::{Expr, ExprVal, Node};

use crate::diag::Diagnostic;

/// Something a template or macro renders: another template, or a macro (`file`, `name`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Callable {
    Template(String),
    Macro(String, String),
}

impl Callable {
    fn describe(&self) -> String {
        match self {
            Callable::Template(name) => name.clone(),
            Callable::Macro(file, name) => format!("{file}::{name}"),
        }
    }
}

/// A cycle among the templates of `tera`, as a diagnostic on the first template in it; `origin`
/// gives a template's file as editors know it.
pub(super) fn check(tera: &tera::Tera, origin: impl Fn(&str) -> String) -> Option<Diagnostic> {
    let graph = graph(tera);
    let cycle = find_cycle(&graph)?;
    let file = match &cycle[0] {
        Callable::Template(name) | Callable::Macro(name, _) => origin(name),
    };
    let path: Vec<String> = cycle.iter().map(Callable::describe).collect();
    let message = match &cycle[0] {
        Callable::Template(name) => format!(
            "the template `{name}` includes itself ({}), so it would never finish rendering",
            path.join(" → ")
        ),
        Callable::Macro(_, name) => format!(
            "the macro `{name}` calls itself ({}); templates cannot recurse",
            path.join(" → ")
        ),
    };
    Some(Diagnostic::file_error(file, message).with_hint(
        "remove the include or call that leads back, or use a {% for %} loop over the data instead",
    ))
}

/// What each template and macro renders directly.
fn graph(tera: &tera::Tera) -> BTreeMap<Callable, Vec<Callable>> {
    let mut graph = BTreeMap::new();
    for name in tera.get_template_names() {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        let resolve = |namespace: &str| -> Option<String> {
            if namespace == "self" {
                return Some(template.name.clone());
            }
            template
                .imported_macro_files
                .iter()
                .find(|(_, imported)| imported == namespace)
                .map(|(file, _)| file.clone())
        };
        let mut walker = Walker::default();
        walker.nodes(&template.ast);
        let mut calls = walker.calls;
        if let Some(parent) = &template.parent {
            calls.push(Call::Include(parent.clone()));
        }
        graph.insert(
            Callable::Template(template.name.clone()),
            targets(calls, &resolve),
        );
        for (macro_name, definition) in &template.macros {
            let mut walker =
                Walker::of_macro(macro_name, definition.args.keys().cloned().collect());
            walker.nodes(&definition.body);
            graph.insert(
                Callable::Macro(template.name.clone(), macro_name.clone()),
                targets(walker.calls, &resolve),
            );
        }
    }
    graph
}

/// A call as written: an include, or a macro by namespace and name.
enum Call {
    Include(String),
    Macro(String, String),
}

fn targets(calls: Vec<Call>, resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Callable> {
    let mut targets: Vec<Callable> = calls
        .into_iter()
        .filter_map(|call| match call {
            Call::Include(name) => Some(Callable::Template(name)),
            Call::Macro(namespace, name) => {
                resolve(&namespace).map(|file| Callable::Macro(file, name))
            }
        })
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

/// The first cycle found, walking from each node in order; iterative, so a deep chain of
/// templates cannot overflow the stack either.
fn find_cycle(graph: &BTreeMap<Callable, Vec<Callable>>) -> Option<Vec<Callable>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&Callable, Mark> = BTreeMap::new();
    for start in graph.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // The path from `start`, each node with the index of its next edge to follow.
        let mut path: Vec<(&Callable, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((node, next)) = path.last_mut() {
            let edges = graph.get(*node).map_or(&[][..], Vec::as_slice);
            let Some(target) = edges.get(*next) else {
                marks.insert(*node, Mark::Done);
                path.pop();
                continue;
            };
            *next += 1;
            let Some((target, _)) = graph.get_key_value(target) else {
                continue;
            };
            match marks.get(target) {
                Some(Mark::Open) => {
                    let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut cycle: Vec<Callable> =
                        path[from..].iter().map(|(n, _)| (*n).clone()).collect();
                    cycle.push(target.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(target, Mark::Open);
                    path.push((target, 0));
                }
            }
        }
    }
    None
}

/// Collects the calls of a template's or macro's body.
#[derive(Default)]
struct Walker {
    calls: Vec<Call>,
    /// The macro whose body is walked: its name and arguments.
    within: Option<(String, Vec<String>)>,
    /// The `for` loops around the current node: the root of the container and the loop variables.
    loops: Vec<(String, Vec<String>)>,
}

/// The variable an expression starts from: `entry` for `entry.children`.
fn root(expr: &Expr) -> Option<&str> {
    match &expr.val {
        ExprVal::Ident(name) => name.split(['.', '[']).next(),
        _ => None,
    }
}

impl Walker {
    fn of_macro(name: &str, args: Vec<String>) -> Walker {
        Walker {
            within: Some((name.to_string(), args)),
            ..Walker::default()
        }
    }

    /// Whether a call of the macro being walked goes down into its own data: inside a loop over
    /// one of its arguments, it passes that argument an item of the loop (`self::toc(entries =
    /// entry.children)` inside `for entry in entries`). Data is finite, so that recursion ends.
    fn descends(&self, call: &tera::ast::MacroCall) -> bool {
        let Some((name, args)) = &self.within else {
            return false;
        };
        if call.namespace != "self" || &call.name != name {
            return false;
        }
        self.loops.iter().any(|(container, variables)| {
            args.iter().any(|arg| {
                arg == container
                    && call
                        .args
                        .get(arg)
                        .and_then(root)
                        .is_some_and(|passed| variables.iter().any(|v| v == passed))
            })
        })
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::VariableBlock(_, expr) => self.expression(expr),
                Node::Include(_, names, _) => {
                    self.calls.extend(names.iter().cloned().map(Call::Include));
                }
                Node::Set(_, set) => self.expression(&set.value),
                Node::FilterSection(_, section, _) => {
                    section
                        .filter
                        .args
                        .values()
                        .for_each(|e| self.expression(e));
                    self.nodes(&section.body);
                }
                Node::Block(_, block, _) => self.nodes(&block.body),
                Node::Forloop(_, forloop, _) => {
                    self.expression(&forloop.container);
                    let container = root(&forloop.container).unwrap_or_default().to_string();
                    let mut variables = vec![forloop.value.clone()];
                    variables.extend(forloop.key.clone());
                    self.loops.push((container, variables));
                    self.nodes(&forloop.body);
                    self.loops.pop();
                    if let Some(empty) = &forloop.empty_body {
                        self.nodes(empty);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        self.expression(condition);
                        self.nodes(body);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.nodes(body);
                    }
                }
                // Macro definitions are nodes of their own in the graph.
                _ => {}
            }
        }
    }

    fn expression(&mut self, expr: &Expr) {
        self.value(&expr.val);
        for filter in &expr.filters {
            filter.args.values().for_each(|e| self.expression(e));
        }
    }

    fn value(&mut self, val: &ExprVal) {
        match val {
            ExprVal::MacroCall(call) => {
                if !self.descends(call) {
                    self.calls
                        .push(Call::Macro(call.namespace.clone(), call.name.clone()));
                }
                call.args.values().for_each(|e| self.expression(e));
            }
            ExprVal::FunctionCall(call) => call.args.values().for_each(|e| self.expression(e)),
            ExprVal::Math(math) => {
                self.expression(&math.lhs);
                self.expression(&math.rhs);
            }
            ExprVal::Logic(logic) => {
                self.expression(&logic.lhs);
                self.expression(&logic.rhs);
            }
            ExprVal::In(within) => {
                self.expression(&within.lhs);
                self.expression(&within.rhs);
            }
            ExprVal::Test(test) => test.args.iter().for_each(|e| self.expression(e)),
            ExprVal::Array(items) => items.iter().for_each(|e| self.expression(e)),
            ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| self.value(v)),
            _ => {}
        }
    }
}
