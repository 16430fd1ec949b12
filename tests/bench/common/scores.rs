//! Agreement of a clustering with labels: purity, homogeneity, completeness, V-measure, adjusted
//! mutual information (AMI, with the hypergeometric expected mutual information) and adjusted Rand
//! index (ARI), and the share of rows in the largest clusters.

use std::collections::BTreeMap;

/// How well clusters agree with labels.
#[allow(dead_code, reason = "each benchmark reads the figures it reports")]
pub struct Scores {
    pub labels: usize,
    pub purity: f64,
    pub homogeneity: f64,
    pub completeness: f64,
    pub v_measure: f64,
    pub ami: f64,
    pub ari: f64,
    pub top_share: f64,
}

impl Scores {
    pub fn of(truth: &[&str], predicted: &[usize]) -> Scores {
        let n = truth.len();
        let mut label_ids: BTreeMap<&str, usize> = BTreeMap::new();
        for t in truth {
            let next = label_ids.len();
            label_ids.entry(t).or_insert(next);
        }
        let mut cluster_ids: BTreeMap<usize, usize> = BTreeMap::new();
        for p in predicted {
            let next = cluster_ids.len();
            cluster_ids.entry(*p).or_insert(next);
        }
        let (r, c) = (label_ids.len(), cluster_ids.len());
        let mut table = vec![vec![0u64; c]; r];
        for (t, p) in truth.iter().zip(predicted) {
            table[label_ids[t]][cluster_ids[p]] += 1;
        }
        let a: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
        let b: Vec<u64> = (0..c)
            .map(|j| table.iter().map(|row| row[j]).sum())
            .collect();
        let nf = n as f64;
        let entropy = |counts: &[u64]| -> f64 {
            counts
                .iter()
                .filter(|&&x| x > 0)
                .map(|&x| {
                    let p = x as f64 / nf;
                    -p * p.ln()
                })
                .sum()
        };
        let (h_truth, h_pred) = (entropy(&a), entropy(&b));
        let mut mi = 0.0;
        for i in 0..r {
            for j in 0..c {
                let nij = table[i][j];
                if nij > 0 {
                    let nij = nij as f64;
                    mi += nij / nf * (nf * nij / (a[i] as f64 * b[j] as f64)).ln();
                }
            }
        }
        let homogeneity = if h_truth == 0.0 { 1.0 } else { mi / h_truth };
        let completeness = if h_pred == 0.0 { 1.0 } else { mi / h_pred };
        let v_measure = if homogeneity + completeness == 0.0 {
            0.0
        } else {
            2.0 * homogeneity * completeness / (homogeneity + completeness)
        };
        let purity = (0..c)
            .map(|j| table.iter().map(|row| row[j]).max().unwrap_or(0))
            .sum::<u64>() as f64
            / nf;
        // Expected mutual information under the hypergeometric model, for AMI.
        let mut log_factorial = vec![0.0f64; n + 1];
        for k in 1..=n {
            log_factorial[k] = log_factorial[k - 1] + (k as f64).ln();
        }
        let mut emi = 0.0;
        for &ai in &a {
            for &bj in &b {
                let (ai, bj) = (ai as usize, bj as usize);
                let low = (ai + bj).saturating_sub(n).max(1);
                let high = ai.min(bj);
                for nij in low..=high {
                    let term =
                        (nij as f64 / nf) * ((nf * nij as f64) / (ai as f64 * bj as f64)).ln();
                    let log_p = log_factorial[ai]
                        + log_factorial[bj]
                        + log_factorial[n - ai]
                        + log_factorial[n - bj]
                        - log_factorial[n]
                        - log_factorial[nij]
                        - log_factorial[ai - nij]
                        - log_factorial[bj - nij]
                        - log_factorial[n + nij - ai - bj];
                    emi += term * log_p.exp();
                }
            }
        }
        let mean_h = (h_truth + h_pred) / 2.0;
        let ami = (mi - emi) / (mean_h - emi);
        let pairs = |x: u64| (x * x.saturating_sub(1) / 2) as f64;
        let index: f64 = table.iter().flatten().map(|&x| pairs(x)).sum();
        let sum_a: f64 = a.iter().map(|&x| pairs(x)).sum();
        let sum_b: f64 = b.iter().map(|&x| pairs(x)).sum();
        let expected = sum_a * sum_b / pairs(n as u64);
        let ari = (index - expected) / ((sum_a + sum_b) / 2.0 - expected);
        let mut sizes = b.clone();
        sizes.sort_unstable_by(|x, y| y.cmp(x));
        let top_share = sizes.iter().take(r).sum::<u64>() as f64 / nf;
        Scores {
            labels: r,
            purity,
            homogeneity,
            completeness,
            v_measure,
            ami,
            ari,
            top_share,
        }
    }
}
