//! Average linkage over groups of documents, the step of [`super::cluster`] that decides which
//! groups of phrasings are one need: a nearest-neighbour chain over a dense similarity matrix
//! (`O(g²)` for `g` groups), cut at a similarity threshold. Questions of opposite polarity count
//! only part of their similarity, so negating questions stay apart from plain ones.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::cluster::Document;
use super::text::{Vector, is_negated};

/// How much of their similarity two questions of opposite polarity ("has not arrived", "arrived
/// damaged") keep when groups are merged: sharing words is weak evidence of one need when one
/// of them negates.
const OPPOSITE_POLARITY: f32 = 0.25;

/// Average linkage (weighted by rows) over `groups`, cut at `threshold`: the merged groups of
/// document indices.
pub(crate) fn average_linkage(
    documents: &[Document],
    groups: &[Vec<usize>],
    threshold: f32,
) -> Vec<Vec<usize>> {
    let n = groups.len();
    if n <= 1 {
        return groups.to_vec();
    }
    let weights: Vec<f64> = groups
        .iter()
        .map(|g| g.iter().map(|&d| f64::from(documents[d].weight)).sum())
        .collect();
    // Each group's rows summed apart by polarity: those that negate and those that do not.
    let sums: Vec<[Vector; 2]> = groups
        .par_iter()
        .map(|g| {
            let sum = |negated: bool| {
                Vector::weighted_sum(
                    g.iter()
                        .filter(|&&d| is_negated(&documents[d].terms) == negated)
                        .map(|&d| (&documents[d].vector, documents[d].weight as f32)),
                )
            };
            [sum(false), sum(true)]
        })
        .collect();
    // Dense similarity matrix: the average cosine between the rows of two groups, where two rows
    // of opposite polarity count only [`OPPOSITE_POLARITY`] of theirs.
    let mut postings: HashMap<u32, Vec<(usize, bool, f32)>> = HashMap::new();
    for (g, pair) in sums.iter().enumerate() {
        for (polarity, sum) in pair.iter().enumerate() {
            for &(term, w) in &sum.0 {
                postings
                    .entry(term)
                    .or_default()
                    .push((g, polarity == 1, w));
            }
        }
    }
    let mut matrix: Vec<f32> = vec![0.0; n * n];
    matrix.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        for (polarity, sum) in sums[i].iter().enumerate() {
            for &(term, w) in &sum.0 {
                for &(j, negated, other) in &postings[&term] {
                    let factor = if negated == (polarity == 1) {
                        1.0
                    } else {
                        OPPOSITE_POLARITY
                    };
                    row[j] += factor * w * other;
                }
            }
        }
        for (j, value) in row.iter_mut().enumerate() {
            *value = (f64::from(*value) / (weights[i] * weights[j])) as f32;
        }
        row[i] = f32::NEG_INFINITY;
    });

    // Nearest-neighbour chain; merges are recorded and cut afterwards.
    let mut size = weights;
    let mut active = vec![true; n];
    let mut merges: Vec<(usize, usize, f32)> = Vec::with_capacity(n - 1);
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&a| a).unwrap_or(0));
        }
        loop {
            let top = chain[chain.len() - 1];
            let previous = chain.len().checked_sub(2).map(|i| chain[i]);
            let row = &matrix[top * n..(top + 1) * n];
            let mut best = previous.unwrap_or(usize::MAX);
            let mut best_similarity = previous.map_or(f32::NEG_INFINITY, |p| row[p]);
            for (j, &similarity) in row.iter().enumerate() {
                if active[j] && j != top && similarity > best_similarity {
                    best = j;
                    best_similarity = similarity;
                }
            }
            if best == usize::MAX {
                break;
            }
            if Some(best) == previous {
                chain.pop();
                chain.pop();
                let (a, b) = (top.min(best), top.max(best));
                merges.push((a, b, best_similarity));
                // Lance–Williams update for average linkage, into a; b is retired.
                let (wa, wb) = (size[a], size[b]);
                for k in 0..n {
                    if active[k] && k != a && k != b {
                        let value = ((wa * f64::from(matrix[a * n + k])
                            + wb * f64::from(matrix[b * n + k]))
                            / (wa + wb)) as f32;
                        matrix[a * n + k] = value;
                        matrix[k * n + a] = value;
                    }
                }
                size[a] = wa + wb;
                active[b] = false;
                remaining -= 1;
                break;
            }
            chain.push(best);
        }
    }

    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b, similarity) in merges {
        if similarity >= threshold {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[rb.max(ra)] = rb.min(ra);
        }
    }
    let mut merged: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        let root = find(&mut parent, g);
        merged
            .entry(root)
            .or_default()
            .extend(group.iter().copied());
    }
    merged
        .into_values()
        .map(|mut docs| {
            docs.sort_unstable();
            docs
        })
        .collect()
}
