#!/usr/bin/env python3
"""Generates the reference fixtures for DescentMonitor's parity tests.

Statistics come from scipy (and Evidently's formulas, re-stated here with numpy), detector
indices from River. Run with the dev venv (scripts/python/make_venv.sh):

    $DESCENT_VENV/bin/python scripts/drift/make_fixtures.py

Large samples are not stored: they are described by a lattice generator that Swift
reproduces bit for bit (integer arithmetic, then one division, one multiply, one add).
"""
import json
import math
import os
import warnings

import numpy as np
from scipy import stats
from scipy.spatial import distance

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DescentMonitorTests", "Fixtures")
rng = np.random.default_rng(20261129)


def r6(a):
    """Round to 6 decimals so JSON text round-trips to the same doubles in Swift."""
    return [float(f"{v:.6f}") for v in np.asarray(a, dtype=float)]


def lattice(n, a, c, m, scale, offset):
    return [offset + scale * (((a * i + c) % m) / m) for i in range(n)]


# --- Evidently's binned statistics, restated (evidently/legacy/calculations/stattests) ---

def binned(ref, cur, numeric, fill):
    ref = np.asarray(ref); cur = np.asarray(cur)
    if numeric and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.tolist()) | set(cur.tolist()))
        rc = {k: 0 for k in keys}; cc = {k: 0 for k in keys}
        for v in ref.tolist(): rc[v] += 1
        for v in cur.tolist(): cc[v] += 1
        rp = np.array([rc[k] / len(ref) for k in keys])
        cp = np.array([cc[k] / len(cur) for k in keys])
    if fill:
        for p in (rp, cp):
            mn = min(p[p != 0])
            np.place(p, p == 0, mn / 10**6 if mn <= 0.0001 else 0.0001)
    return rp, cp


def hellinger(ref, cur, numeric):
    ref = np.asarray(ref); cur = np.asarray(cur)
    keys = list(set(ref.tolist()) | set(cur.tolist()))
    if not numeric:
        rc = {}; cc = {}
        for v in ref.tolist(): rc[v] = rc.get(v, 0) + 1 / len(ref)
        for v in cur.tolist(): cc[v] = cc.get(v, 0) + 1 / len(cur)
        h = sum(math.sqrt(rc.get(k, 0) * cc.get(k, 0)) for k in keys)
    else:
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(ref, bins=bins, density=True)[0]
        h2 = np.histogram(cur, bins=bins, density=True)[0]
        w = (max(bins) - min(bins)) / (len(bins) - 1)
        h = sum(math.sqrt(a * b) * w for a, b in zip(h1, h2))
    h = float(np.clip(h, 0, 1))
    return math.sqrt(1 - h)


def mmd_statistic(x, y):
    x = np.asarray(x, float).reshape(-1, 1); y = np.asarray(y, float).reshape(-1, 1)
    def sq(a, b):
        return b.T ** 2 - 2 * np.dot(a, b.T) + a ** 2
    dxx = sq(x, x)
    sigma = (0.5 * np.percentile(dxx.flatten(), 50, method="nearest")) ** 0.5
    if sigma == 0:
        sigma = 0.5 ** 0.5
    g = 1.0 / (2.0 * sigma ** 2)
    z = np.concatenate([x, y])
    # exact squared differences, as the Swift code computes them
    k = np.exp(-g * (z - z.T) ** 2)
    np.fill_diagonal(k, 0)
    nx, ny = len(x), len(y)
    return float(k[:nx, :nx].sum() / (nx * (nx - 1)) + k[nx:, nx:].sum() / (ny * (ny - 1)) - 2 * k[:nx, nx:].mean())


def z_test(ref, cur):
    ref = list(ref); cur = list(cur)
    if len(set(ref)) == 1 and len(set(cur)) == 1 and set(ref) == set(cur):
        return 0.0, 1.0
    first = sorted(set(ref) | set(cur))[0]
    n1, n2 = len(ref), len(cur)
    p1 = sum(0 if v == first else 1 for v in ref) / n1
    p2 = sum(0 if v == first else 1 for v in cur) / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
    return z, float(2 * stats.norm.sf(abs(z)))


def chisquare(ref, cur):
    keys = list(set(ref) | set(cur))
    rc = {k: 0 for k in keys}; cc = {k: 0 for k in keys}
    for v in ref: rc[v] += 1
    for v in cur: cc[v] += 1
    k = len(cur) / len(ref)
    fexp = [rc[q] * k for q in keys]; fobs = [cc[q] for q in keys]
    s, p = stats.chisquare(fobs, fexp)
    return float(s), float(p)


def numeric_results(ref, cur):
    ref = np.asarray(ref, float); cur = np.asarray(cur, float)
    out = {}
    ks = stats.ks_2samp(ref, cur)
    out["ks"] = {"statistic": float(ks.statistic), "p_value": float(ks.pvalue)}
    out["wasserstein"] = {"statistic": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))}
    out["ed"] = {"statistic": float(stats.energy_distance(ref, cur))}
    rp, cp = binned(ref, cur, True, False)
    out["jensenshannon"] = {"statistic": float(distance.jensenshannon(rp, cp))}
    rp, cp = binned(ref, cur, True, True)
    out["psi"] = {"statistic": float(np.sum((rp - cp) * np.log(rp / cp)))}
    out["kl_div"] = {"statistic": float(stats.entropy(rp, cp))}
    out["hellinger"] = {"statistic": hellinger(ref, cur, True)}
    if len(np.unique(np.concatenate([ref, cur]))) > 1:
        ad = stats.anderson_ksamp([ref, cur], variant="midrank")
        out["anderson"] = {"statistic": float(ad.statistic), "p_value": float(ad.pvalue)}
    cvm = stats.cramervonmises_2samp(ref, cur)
    out["cramer_von_mises"] = {"statistic": float(cvm.statistic), "p_value": float(cvm.pvalue)}
    mw = stats.mannwhitneyu(ref, cur, alternative="two-sided")
    out["mannw"] = {"statistic": float(mw.statistic), "p_value": float(mw.pvalue)}
    if len(ref) <= 1000 and len(cur) <= 1000:  # MaximumMeanDiscrepancy subsamples above 1000 per sample
        out["empirical_mmd"] = {"statistic": mmd_statistic(ref, cur)}
    s, p = chisquare(ref.tolist(), cur.tolist())
    out["chisquare"] = {"statistic": s, "p_value": p}
    z, p = z_test(ref.tolist(), cur.tolist())
    out["z"] = {"statistic": z, "p_value": p}
    return out


def categorical_results(ref, cur):
    out = {}
    s, p = chisquare(ref, cur)
    out["chisquare"] = {"statistic": s, "p_value": p}
    z, p = z_test(ref, cur)
    out["z"] = {"statistic": z, "p_value": p}
    rp, cp = binned(ref, cur, False, False)
    out["jensenshannon"] = {"statistic": float(distance.jensenshannon(rp, cp))}
    rp, cp = binned(ref, cur, False, True)
    out["psi"] = {"statistic": float(np.sum((rp - cp) * np.log(rp / cp)))}
    out["kl_div"] = {"statistic": float(stats.entropy(rp, cp))}
    out["hellinger"] = {"statistic": hellinger(ref, cur, False)}
    return out


def stat_cases():
    cases = []

    def num(name, ref, cur, stored=True, gen=None):
        ref = r6(ref) if gen is None else ref
        cur = r6(cur) if gen is None else cur
        case = {"name": name, "type": "numeric", "results": numeric_results(ref, cur)}
        if gen is None:
            case["reference"] = ref; case["current"] = cur
        else:
            case["generator"] = gen
        cases.append(case)

    def cat(name, ref, cur):
        cases.append({"name": name, "type": "categorical", "reference": ref, "current": cur,
                      "results": categorical_results(ref, cur)})

    n = rng.normal
    num("normal 50 vs 60, same", n(0, 1, 50), n(0, 1, 60))
    num("normal 15 vs 12, shifted", n(0, 1, 15), n(1, 1, 12))
    num("normal 7 vs 8, exact MWU", n(0, 1, 7), n(0.5, 1, 8))
    num("8 vs 9, exact MWU boundary", n(0, 2, 8), n(0, 2, 9))
    num("exponential 200 vs lognormal 150", rng.exponential(1, 200), rng.lognormal(0, 0.5, 150))
    num("integer ties 300 vs 250", np.round(n(5, 2, 300)), np.round(n(5.3, 2, 250)))
    num("uniform 1000 vs 1000, small shift", rng.uniform(0, 1, 1000), rng.uniform(0.03, 1.03, 1000))
    num("bimodal 400 vs 400", np.concatenate([n(-2, 1, 200), n(2, 1, 200)]), np.concatenate([n(-2, 1, 250), n(2, 1, 150)]))
    num("student t2 500 vs 300", rng.standard_t(2, 500), rng.standard_t(2, 300))
    num("equal sizes 20 vs 20", n(0, 1, 20), n(0.8, 1, 20))
    num("5 vs 30", n(0, 1, 5), n(0, 1, 30))
    num("three values 100 vs 80", rng.choice([0.0, 1.0, 2.0], 100), rng.choice([0.0, 1.0, 2.0], 80, p=[0.5, 0.3, 0.2]))
    num("half steps with ties 90 vs 110", rng.integers(0, 11, 90) / 2, rng.integers(0, 11, 110) / 2)
    num("2500 vs 1800, scale change", n(0, 1, 2500), n(0, 1.2, 1800))
    num("19 vs 20, exact CvM", n(0, 1, 19), n(0.3, 1, 20))
    num("negative and wide 120 vs 130", n(-1000, 300, 120), n(-950, 350, 130))
    num("binary numeric 150 vs 160", rng.choice([0.0, 1.0], 150, p=[0.7, 0.3]), rng.choice([0.0, 1.0], 160, p=[0.6, 0.4]))
    num("gamma 600 vs 700", rng.gamma(2, 1, 600), rng.gamma(2.2, 1, 700))
    # asymptotic KS through every kstwo branch (generated lattices, not stored)
    num("lattice 12000 vs 11000 (asymptotic, DMTW)", lattice(12000, 7919, 3, 100003, 1.0, 0.0),
        lattice(11000, 104729, 11, 99991, 1.0, 0.0), gen={
            "reference": [12000, 7919, 3, 100003, 1.0, 0.0], "current": [11000, 104729, 11, 99991, 1.0, 0.0]})
    num("lattice 15000 vs 20000 shifted (asymptotic, Smirnov tail)", lattice(15000, 7919, 5, 100003, 1.0, 0.0),
        lattice(20000, 104729, 7, 99991, 1.0, 0.03), gen={
            "reference": [15000, 7919, 5, 100003, 1.0, 0.0], "current": [20000, 104729, 7, 99991, 1.0, 0.03]})
    num("lattice 30 vs 10001 (asymptotic, small n)", lattice(30, 7919, 1, 1009, 1.0, 0.0),
        lattice(10001, 104729, 2, 99991, 1.0, 0.0), gen={
            "reference": [30, 7919, 1, 1009, 1.0, 0.0], "current": [10001, 104729, 2, 99991, 1.0, 0.0]})
    num("lattice 140 vs 12000 shifted (asymptotic, n near 140)", lattice(140, 7919, 1, 10007, 1.0, 0.1),
        lattice(12000, 104729, 2, 99991, 1.0, 0.0), gen={
            "reference": [140, 7919, 1, 10007, 1.0, 0.1], "current": [12000, 104729, 2, 99991, 1.0, 0.0]})

    cat("three categories 200 vs 150", rng.choice(["a", "b", "c"], 200).tolist(),
        rng.choice(["a", "b", "c"], 150, p=[0.5, 0.3, 0.2]).tolist())
    cat("binary 100 vs 120", rng.choice(["no", "yes"], 100).tolist(), rng.choice(["no", "yes"], 120, p=[0.65, 0.35]).tolist())
    cat("new category in current", rng.choice(["x", "y", "z"], 80).tolist(), rng.choice(["x", "y", "z", "w"], 90).tolist())
    cat("ten categories 1000 vs 800", rng.choice(list("abcdefghij"), 1000).tolist(),
        rng.choice(list("abcdefghij"), 800, p=[0.14, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.06]).tolist())
    cat("same single category", ["k"] * 30, ["k"] * 40)
    return cases


def kstwo_cases():
    out = []
    for n in [5, 12, 30, 100, 140, 141, 500, 1000, 5000, 50000, 100000, 100001, 250000, 500000]:
        for nx2 in [0.05, 0.3, 0.7, 1.0, 1.8, 2.5, 3.5, 6.0, 12.0, 25.0]:
            d = math.sqrt(nx2 / n)
            if d >= 1:
                continue
            sf = float(stats.kstwo.sf(d, n))
            if sf > 1e-10:
                out.append({"n": n, "d": d, "sf": sf})
    return out


# --- detectors ---

def detector_cases():
    from river import drift
    from river.drift import binary

    cases = []

    streams = {}

    def run(name, det_name, params, s_name, det):
        stream = streams[s_name]
        warnings_, drifts = [], []
        for i, x in enumerate(stream):
            det.update(x)
            if getattr(det, "warning_detected", False):
                warnings_.append(i)
            if det.drift_detected:
                drifts.append(i)
        cases.append({"name": name, "detector": det_name, "parameters": params, "stream": s_name,
                      "warnings": warnings_, "drifts": drifts})

    real1 = r6(np.concatenate([rng.normal(0, 1, 1000), rng.normal(1.5, 1, 1000), rng.normal(-1, 0.5, 1000)]))
    real2 = r6(np.concatenate([rng.normal(0.2, 0.1, 1500), rng.normal(0.35, 0.1, 1500)]))
    real3 = r6(np.concatenate([rng.uniform(0, 1, 600), rng.uniform(0.5, 1.5, 400)]))
    bin1 = [int(v) for v in np.concatenate([rng.random(2000) < 0.1, rng.random(1000) < 0.4])]
    bin2 = [int(v) for v in np.concatenate([rng.random(1500) < 0.3, rng.random(1500) < 0.05])]
    bin3 = [int(v) for v in np.concatenate([rng.random(1000) < 0.2, rng.random(1000) < 0.25, rng.random(1000) < 0.5])]

    streams.update(real1=real1, real2=real2, real3=real3, bin1=bin1, bin2=bin2, bin3=bin3)
    for s_name in ["real1", "real2", "real3"]:
        run(f"adwin default {s_name}", "adwin", {}, s_name, drift.ADWIN())
        run(f"adwin delta=0.01 clock=8 {s_name}", "adwin", {"delta": 0.01, "clock": 8}, s_name, drift.ADWIN(delta=0.01, clock=8))
        run(f"page_hinkley default {s_name}", "page_hinkley", {}, s_name, drift.PageHinkley())
        run(f"page_hinkley threshold=10 {s_name}", "page_hinkley", {"threshold": 10, "delta": 0.01},
            s_name, drift.PageHinkley(threshold=10, delta=0.01))
        run(f"page_hinkley up {s_name}", "page_hinkley", {"threshold": 20, "mode": "up"}, s_name,
            drift.PageHinkley(threshold=20, mode="up"))
        run(f"page_hinkley down {s_name}", "page_hinkley", {"threshold": 20, "mode": "down"}, s_name,
            drift.PageHinkley(threshold=20, mode="down"))
        run(f"kswin seed=42 {s_name}", "kswin", {"seed": 42}, s_name, drift.KSWIN(seed=42))
        run(f"kswin seed=7 window=200 {s_name}", "kswin", {"seed": 7, "window_size": 200, "stat_size": 50, "alpha": 0.01},
            s_name, drift.KSWIN(seed=7, window_size=200, stat_size=50, alpha=0.01))
    for s_name in ["bin1", "bin2", "bin3"]:
        run(f"adwin default {s_name}", "adwin", {}, s_name, drift.ADWIN())
        run(f"ddm default {s_name}", "ddm", {}, s_name, binary.DDM())
        run(f"ddm thresholds {s_name}", "ddm", {"warm_start": 50, "warning_threshold": 1.5, "drift_threshold": 2.5},
            s_name, binary.DDM(warm_start=50, warning_threshold=1.5, drift_threshold=2.5))
        run(f"eddm default {s_name}", "eddm", {}, s_name, binary.EDDM())
        run(f"eddm alpha/beta {s_name}", "eddm", {"alpha": 0.9, "beta": 0.8, "warm_start": 20},
            s_name, binary.EDDM(alpha=0.9, beta=0.8, warm_start=20))
        run(f"hddm_a default {s_name}", "hddm_a", {}, s_name, binary.HDDMA())
        run(f"hddm_a two-sided {s_name}", "hddm_a", {"two_sided_test": True}, s_name, binary.HDDMA(two_sided_test=True))
        run(f"hddm_w default {s_name}", "hddm_w", {}, s_name, binary.HDDMW())
        run(f"hddm_w two-sided lambda {s_name}", "hddm_w", {"two_sided_test": True, "lambda_val": 0.1},
            s_name, binary.HDDMW(two_sided_test=True, lambda_val=0.1))
    encoded = {k: ("".join(str(v) for v in s) if k.startswith("bin") else s) for k, s in streams.items()}
    return {"streams": encoded, "cases": cases}


def multivariate_case():
    """PCA reconstruction error (NannyML's preprocessing restated with scikit-learn) and ROC AUC."""
    from sklearn.decomposition import PCA
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    cov = [[1, 0.8, 0.3, 0], [0.8, 1, 0.2, 0], [0.3, 0.2, 1, 0.5], [0, 0, 0.5, 1]]
    ref = rng.multivariate_normal([0, 0, 0, 0], cov, 600)
    cov2 = [[1, -0.6, 0.3, 0], [-0.6, 1, 0.2, 0], [0.3, 0.2, 1, 0.5], [0, 0, 0.5, 1]]
    cur = rng.multivariate_normal([0, 0, 0, 0], cov2, 400)
    ref = np.round(ref, 6); cur = np.round(cur, 6)
    ref_cat = rng.choice(["a", "b", "c"], 600, p=[0.5, 0.3, 0.2]).tolist()
    cur_cat = rng.choice(["a", "b", "c", "d"], 400, p=[0.4, 0.3, 0.2, 0.1]).tolist()
    ref_num = ref.copy(); ref_num[5, 1] = np.nan; ref_num[17, 2] = np.nan
    cur_num = cur.copy(); cur_num[3, 0] = np.nan

    def encode(num, cat, means, shares):
        num = np.where(np.isnan(num), means, num)
        enc = np.array([shares.get(v, 0.0) for v in cat])[:, None]
        return np.hstack([num, enc])

    means = np.nanmean(ref_num, axis=0)
    shares = {k: ref_cat.count(k) / len(ref_cat) for k in set(ref_cat)}
    R = encode(ref_num, ref_cat, means, shares); C = encode(cur_num, cur_cat, means, shares)
    scaler = StandardScaler().fit(R)
    Rs = scaler.transform(R); Cs = scaler.transform(C)
    pca = PCA(n_components=0.65, svd_solver="full").fit(Rs)
    def errors(X):
        return np.linalg.norm(X - pca.inverse_transform(pca.transform(X)), axis=1)
    er = errors(Rs); ec = errors(Cs)
    size = 60
    def chunk_means(e):
        count = max(1, len(e) // size)
        return [float(e[i * size:(len(e) if i == count - 1 else (i + 1) * size)].mean()) for i in range(count)]
    rm = chunk_means(er)
    mu = float(np.mean(rm)); sd = float(np.std(rm))
    cm = chunk_means(ec)

    scores = np.round(rng.normal(0, 1, 300), 1)
    labels = rng.random(300) < 0.4
    scores[labels] += 0.5
    return {
        "reference_numeric": ref_num.tolist(), "current_numeric": cur_num.tolist(),
        "reference_category": ref_cat, "current_category": cur_cat,
        "components": int(pca.n_components_), "explained": float(np.sum(pca.explained_variance_ratio_)),
        "reference_error": float(er.mean()), "current_error": float(ec.mean()),
        "chunk_size": size, "reference_chunks": rm, "current_chunks": cm,
        "lower": max(0.0, mu - 3 * sd), "upper": mu + 3 * sd,
        "auc": {"scores": scores.tolist(), "labels": [bool(v) for v in labels],
                "value": float(roc_auc_score(labels, scores))},
    }


def encode_nonfinite(obj):
    """JSON has no NaN or infinity: write them as the strings "nan", "inf", "-inf"."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")
    if isinstance(obj, dict):
        return {k: encode_nonfinite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [encode_nonfinite(v) for v in obj]
    return obj


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "statistics.json"), "w") as f:
        json.dump(encode_nonfinite({"cases": stat_cases(), "kstwo": kstwo_cases()}), f, allow_nan=False, separators=(",", ":"))
    with open(os.path.join(OUT, "detectors.json"), "w") as f:
        json.dump(encode_nonfinite(detector_cases()), f, allow_nan=False, separators=(",", ":"))
    with open(os.path.join(OUT, "multivariate.json"), "w") as f:
        json.dump(encode_nonfinite(multivariate_case()), f, separators=(",", ":"), allow_nan=False)
    for name in ["statistics.json", "detectors.json", "multivariate.json"]:
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")
