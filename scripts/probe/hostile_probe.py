"""Hostile-input probe of the release binary: hundreds of careless and malicious invocations
over every command and file format, each judged against the README's promise.

    python3 scripts/probe/hostile_probe.py [--binary .build/release/descent] [--only train,drift] [--show-failures]

A case passes when the process ends by itself with exit 0, 1 or 2 (never a signal, never a
timeout), and an exit 2 prints exactly one line on stderr and leaves no output file behind.
Cases marked `expect=0` must also succeed (valid but odd input: a correct answer is required).
Prints a table per command (cases, passed, crashes, timeouts, multi-line errors, files written
on failure, unexpected exit) and exits 1 when any case fails. Python 3 standard library only.
"""
import argparse
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "descent"))
parser.add_argument("--only", default="")
parser.add_argument("--timeout", type=float, default=60)
parser.add_argument("--show-failures", action="store_true")
args = parser.parse_args()
work = pathlib.Path(tempfile.mkdtemp(prefix="descent-probe-"))


def f(name, content):
    """Writes a probe file (str or bytes) and returns its path."""
    p = work / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(p)


def npy(name, dtype, shape, payload=None, header_override=None):
    header = header_override or "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (dtype, shape)
    header = header + " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    body = payload if payload is not None else b"\0" * (struct.calcsize("<f") * max(1, eval("*".join(map(str, shape)) or "1") if shape else 1))
    return f(name, b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + body)


def idx(name, magic, dims, payload=b""):
    return f(name, struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload)


def safetensors(name, header, payload=b""):
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return f(name, struct.pack("<Q", len(h)) + h + payload)


# ---- files ---------------------------------------------------------------------------------
good_csv = f("good.csv", "a,b,y\n" + "".join(f"{i % 7},{(i * 3) % 11},{i % 2}\n" for i in range(200)))
files = {
    "empty": f("empty.csv", ""),
    "header_only": f("header.csv", "a,b,y\n"),
    "one_row": f("one.csv", "a,b,y\n1,2,0\n"),
    "ragged": f("ragged.csv", "a,b,y\n1,2,0\n1,2\n3,4,1,5\n"),
    "nan": f("nan.csv", "a,b,y\n" + "".join(f"{'nan' if i == 3 else i},{i},{i % 2}\n" for i in range(50))),
    "inf": f("inf.csv", "a,b,y\n" + "".join(f"{'inf' if i == 3 else i},{i},{i % 2}\n" for i in range(50))),
    "huge": f("huge.csv", "a,b,y\n" + "".join(f"1e308,{-1e308 if i % 2 else 1e-320},{i % 2}\n" for i in range(50))),
    "text": f("text.csv", "a,b,y\n" + "".join(f"x{i},{i},{i % 2}\n" for i in range(50))),
    "utf16": f("utf16.csv", "a,b,y\n1,2,0\n3,4,1\n".encode("utf-16")),
    "utf16_nobom": f("utf16nb.csv", "a,b,y\n1,2,0\n3,4,1\n".encode("utf-16-le")),
    "binary": f("binary.csv", bytes(range(256)) * 40),
    "bom": f("bom.csv", "\ufeffa,b,y\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(60))),
    "crlf": f("crlf.csv", "a,b,y\r\n" + "".join(f"{i},{i},{i % 2}\r\n" for i in range(60))),
    "bare_cr": f("cr.csv", "a,b,y\r" + "".join(f"{i},{i},{i % 2}\r" for i in range(60))),
    "quoted_newline": f("qnl.csv", "a,b,y\n" + "".join(f"\"{i}\n\",{i},{i % 2}\n" for i in range(60))),
    "unterminated": f("unterm.csv", "a,b,y\n\"1,2,0\n"),
    "dup_header": f("dup.csv", "a,a,y\n1,2,0\n3,4,1\n"),
    "no_newline": f("nonl.csv", "a,b,y\n1,2,0\n3,4,1"),
    "label_1e9": f("lab.csv", "a,b,y\n" + "".join(f"{i},{i},{1000000000 if i == 0 else i % 2}\n" for i in range(60))),
    "label_neg": f("labneg.csv", "a,b,y\n" + "".join(f"{i},{i},{-1 if i == 0 else i % 2}\n" for i in range(60))),
    "label_frac": f("labfrac.csv", "a,b,y\n" + "".join(f"{i},{i},{0.5 if i == 0 else i % 2}\n" for i in range(60))),
    "single_class": f("single.csv", "a,b,y\n" + "".join(f"{i},{i},1\n" for i in range(60))),
    "wide": f("wide.csv", ",".join(f"c{i}" for i in range(3000)) + ",y\n" + "".join(",".join("1" for _ in range(3000)) + f",{r % 2}\n" for r in range(20))),
    "long_cell": f("long.csv", "a,b,y\n" + ("9" * 100000) + ",1,0\n1,2,1\n"),
    "directory": str(work),
    "missing": str(work / "does-not-exist.csv"),
    "good": good_csv,
}
npys = {
    "x1d": npy("x1d.npy", "<f4", (100,)),
    "y_ok": npy("y.npy", "<i8", (100,)),
    "x_ok": npy("x.npy", "<f4", (100, 4)),
    "x_f8": npy("xf8.npy", "<f8", (100, 4), payload=b"\0" * 3200),
    "x_trunc": npy("xtrunc.npy", "<f4", (100, 4), payload=b"\0" * 100),
    "x_bad_magic": f("xbad.npy", b"NOTNUMPY" + b"\0" * 200),
    "x_fortran": npy("xfort.npy", "<f4", (100, 4), header_override="{'descr': '<f4', 'fortran_order': True, 'shape': (100, 4), }"),
    "x_huge": npy("xhuge.npy", "<f4", (2**40, 2**20), payload=b"\0" * 64),
    "x_neg": npy("xneg.npy", "<f4", (100, 4), header_override="{'descr': '<f4', 'fortran_order': False, 'shape': (-100, 4), }"),
    "x_object": npy("xobj.npy", "|O", (100, 4), payload=b"\0" * 64),
    "x_str": npy("xstr.npy", "<U3", (100, 4), payload=b"\0" * 64),
    "y_2d": npy("y2d.npy", "<i8", (100, 2), payload=b"\0" * 1600),
    "y_short": npy("yshort.npy", "<i8", (50,), payload=b"\0" * 400),
    "x_nan": npy("xnan.npy", "<f4", (100, 4), payload=struct.pack("<f", float("nan")) * 400),
    "y_bighdr": f("ybig.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", 65535) + b"{" * 100),
}
idx_dir = work / "idx"
idx_dir.mkdir()
for name, (magic, dims, payload) in {
    "train-images-idx3-ubyte": (0x00000803, [10, 28, 28], b"\0" * 7840),
    "train-labels-idx1-ubyte": (0x00000801, [10], bytes(range(10))),
    "t10k-images-idx3-ubyte": (0x00000803, [10, 28, 28], b"\0" * 7840),
    "t10k-labels-idx1-ubyte": (0x00000801, [10], bytes(range(10))),
}.items():
    (idx_dir / name).write_bytes(struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload)
bad_idx = {}
for label, (magic, dims, payload) in {
    "truncated": (0x00000803, [10, 28, 28], b"\0" * 100),
    "bad_magic": (0x12345678, [10, 28, 28], b"\0" * 7840),
    "huge_dims": (0x00000803, [2**31 - 1, 2**16, 2**16], b""),
    "zero_count": (0x00000803, [0, 28, 28], b""),
    "int32_labels": (0x00000c01, [10], struct.pack(">10i", *([2000000000] * 10))),
}.items():
    d = work / f"idx-{label}"
    shutil.copytree(idx_dir, d)
    target = "train-labels-idx1-ubyte" if label == "int32_labels" else "train-images-idx3-ubyte"
    (d / target).write_bytes(struct.pack(">I", magic) + b"".join(struct.pack(">I", x) for x in dims) + payload)
    bad_idx[label] = str(d)
replays = {
    "ok": f("r_ok.json", json.dumps({"params": {"w": [1.0, 2.0]}, "grads": [{"w": [0.1, 0.2]}] * 3})),
    "nan": f("r_nan.json", '{"params": {"w": [NaN, 2.0]}, "grads": [{"w": [Infinity, -Infinity]}]}'),
    "bool": f("r_bool.json", '{"params": {"w": [true, 2.0]}, "grads": [{"w": [0.1, 0.2]}]}'),
    "syntax": f("r_syntax.json", '{"params": {"w": [1.0, 2.0}, "grads": []}'),
    "shape": f("r_shape.json", json.dumps({"params": {"w": [1.0, 2.0]}, "grads": [{"w": [0.1]}]})),
    "ragged": f("r_ragged.json", json.dumps({"params": {"w": [[1.0, 2.0], [3.0]]}, "grads": [{"w": [[0.1, 0.2], [0.3]]}]})),
    "deep": f("r_deep.json", '{"params": {"w": ' + "[" * 5000 + "1" + "]" * 5000 + '}, "grads": []}'),
    "empty": f("r_empty.json", ""),
    "no_grads": f("r_nograds.json", json.dumps({"params": {"w": [1.0]}})),
    "unknown_param": f("r_unknown.json", json.dumps({"params": {"w": [1.0]}, "grads": [{"v": [1.0]}]})),
    "huge_number": f("r_hugenum.json", '{"params": {"w": [1e999]}, "grads": [{"w": [1]}]}'),
    "string": f("r_string.json", '{"params": {"w": ["1"]}, "grads": [{"w": [1]}]}'),
    "top_array": f("r_array.json", "[1,2,3]"),
    "dup_key": f("r_dup.json", '{"params": {"w": [1.0], "w": [2.0]}, "grads": [{"w": [1]}]}'),
}

# ---- cases: (command group, argv, expected exit or None for "0, 1 or 2") --------------------
cases = []


def case(group, argv, expect=None, out=None):
    cases.append((group, [str(a) for a in argv], expect, out))


T = ["train", "--epochs", "1"]
for name, path in files.items():
    case("train", T + ["--data", f"csv:{path}", "--label", "y"], 0 if name in ("good", "bom", "crlf", "wide") else None)
for name, path in files.items():
    case("train", T + ["--data", f"csv:{path}", "--label", "nope"], 2)
for x in npys:
    for y in ("y_ok", "y_2d", "y_short", "x_ok"):
        case("train", T + ["--data", f"npy:{npys[x]},{npys[y]}"])
case("train", T + ["--data", f"idx:{idx_dir}", "--model", "cnn:4"], 0)
for label, d in bad_idx.items():
    case("train", T + ["--data", f"idx:{d}"])
for spec in ["", "digits:", "nope", "csv:", "npy:", "npy:a", "idx:", "text:", f"text:{files['empty']}", f"text:{files['binary']}",
             "gaussian:n=-1", "gaussian:n=0", "gaussian:n=10,features=0", "gaussian:n=10,classes=1", "gaussian:n=9999999999999",
             "gaussian:n=abc", "gaussian:n=10,bogus=1", "moons:n=5", "spirals:noise=nan", "blobs:n=1e9", "friedman1:n=-5",
             "regression:features=-1", "digits,digits", "../../../etc/passwd", "csv:/dev/zero", "csv:/dev/null", "csv:/proc/self/mem"]:
    case("train", T + ["--data", spec], None)
for model in ["", "mlp:", "mlp:0", "mlp:-1", "mlp:1e3", "mlp:100000000", "mlp:10,,10", "mlp:abc", "linear:5", "cnn:", "cnn:0",
              "cnn:8,8,8,8,8", "cnn:-3", "transformer:", "transformer:layers=0", "transformer:heads=3,width=128",
              "transformer:layers=2,heads=4,width=128,context=0", "transformer:context=99999999", "transformer:width=-1",
              "resnet:50", "mlp:256;rm -rf /"]:
    case("train", T + ["--data", "digits", "--model", model], None)
case("train", T + ["--data", "digits", "--model", "transformer:layers=1,heads=2,width=16,context=8"], 2)
for hp in ["lr=-1", "lr=nan", "lr=inf", "lr=", "lr", "=1", "lr=1,lr=2", "weight_decay=-1", "betas=0.9", "betas=1.5,0.9",
           "betas=0.9,0.999,0.5", "eps=-1", "eps=0", "momentum=-0.5", "bogus=1", "lr=1e400", "lr=0x10", "lr=1_000",
           "amsgrad=maybe", "lr=1e-3,weight_decay=1e309"]:
    case("train", T + ["--data", "digits", "--optimizer", "adamw", "--hp", hp], None)
for opt in ["", "ADAMW", "adam w", "nope", "lbfgs", "sophia", "prodigy", "schedule_free_adamw", "muon", "shampoo"]:
    case("train", T + ["--data", "digits", "--optimizer", opt], None)
for sched in ["", "cosine:", "cosine:t_max=0", "cosine:t_max=-5", "cosine:eta_min=nan", "onecycle", "onecycle:max_lr=0.1",
              "onecycle:max_lr=0.1,total_steps=1", "onecycle:max_lr=0.1,total_steps=10,pct_start=2", "step:step_size=0",
              "multistep:milestones=", "multistep:milestones=5/3", "exponential:gamma=-1", "linear:start_factor=0",
              "polynomial:power=-2", "cosine_warm_restarts:t_0=0", "cyclic:base_lr=1,max_lr=0.1", "plateau:factor=2",
              "warmup_cosine:warmup_steps=-1,total_steps=10", "inverse_sqrt:warmup_steps=0", "nope", "cosine:t_max=10:x=1"]:
    case("train", T + ["--data", "digits", "--schedule", sched], None)
for flag, values in {"--epochs": ["0", "-1", "abc", "1.5"], "--batch-size": ["0", "-1", "9223372036854775807", "1e3"],
                     "--steps": ["0", "-5", "99999999999999999999"], "--seed": ["-1", "18446744073709551616", "x"],
                     "--threads": ["0", "-2", "100000"], "--label-smoothing": ["1.5", "nan", "-0.1", "1"],
                     "--clip-grad-norm": ["0", "-1", "nan", "inf"], "--clip-grad-value": ["0", "-1", "nan"],
                     "--warmup-steps": ["-1", "0", "abc"], "--accumulate": ["0", "-1", "1000000"],
                     "--state-dtype": ["float16", "int4", ""], "--no-decay": ["", "weights", "biases,,norms"],
                     "--split-seed": ["-1"], "--init": ["nope", ""], "--scaling": ["nope"]}.items():
    for v in values:
        case("train", T + ["--data", "digits", flag, v], None)
# Output folders and resume.
case("train", T + ["--data", "digits", "--out", good_csv], 2, out=None)
case("train", T + ["--data", "digits", "--out", "/proc/nope/run"], 2)
case("train", T + ["--data", "digits", "--out", str(work / "run_ok")], 0)
case("train", ["train", "--resume", str(work / "missing-run"), "--epochs", "2"], 2)
case("train", ["train", "--resume", good_csv, "--epochs", "2"], 2)

# Corrupt checkpoints: copy a good run, then damage its model.safetensors.
def corrupt_runs():
    base = work / "run_base"
    r = subprocess.run([args.binary, "train", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--out", str(base)],
                       capture_output=True, timeout=args.timeout)
    if r.returncode != 0:
        return
    checkpoint = (base / "latest").read_text().strip()
    model = (base / checkpoint / "model.safetensors").read_bytes()
    n = struct.unpack("<Q", model[:8])[0]
    header = json.loads(model[8:8 + n])
    payload = model[8 + n:]
    damages = {
        "trailing": model + b"\0" * 64,
        "truncated": model[:len(model) // 2],
        "header_len_huge": struct.pack("<Q", 2**62) + model[8:],
        "header_not_json": struct.pack("<Q", n) + b"{" * n + payload,
        "empty": b"",
    }
    # The last tensor of the payload: moving it to offset 0 overlaps the first.
    tensors = sorted((k for k in header if k != "__metadata__"), key=lambda k: header[k]["data_offsets"][0])
    for key in tensors[-1:]:
        meta = header[key]
        for label, change in {"neg_shape": {"shape": [-32, -64]}, "huge_shape": {"shape": [2**62, 2**62]},
                              "overlap": {"data_offsets": [0, meta["data_offsets"][1] - meta["data_offsets"][0]]},
                              "gap": {"data_offsets": [meta["data_offsets"][0] + 4, meta["data_offsets"][1] + 4]},
                              "dtype": {"dtype": "F64"}, "offsets_past": {"data_offsets": [0, 2**40]}}.items():
            h = dict(header)
            h[key] = {**meta, **change}
            hb = json.dumps(h).encode()
            damages[f"{label}_{key}"] = struct.pack("<Q", len(hb)) + hb + payload
        break
    nan_payload = bytearray(payload)
    nan_payload[0:4] = struct.pack("<f", float("nan"))
    damages["nan_weight"] = model[:8 + n] + bytes(nan_payload)
    for label, content in damages.items():
        d = work / f"run_{label}"
        shutil.copytree(base, d)
        (d / checkpoint / "model.safetensors").write_bytes(content)
        case("resume", ["train", "--resume", str(d), "--epochs", "2"], 2)
    for field, value in {"step": -7, "step2": 2**62}.items():
        d = work / f"run_trainer_{field}"
        shutil.copytree(base, d)
        for p in (d / checkpoint).iterdir():
            if p.name == "trainer.json":
                try:
                    obj = json.loads(p.read_text())
                except Exception:
                    continue
                if isinstance(obj, dict):
                    obj["step"] = value
                    p.write_text(json.dumps(obj))
        case("resume", ["train", "--resume", str(d), "--epochs", "2"], None)
    for extra in [[], ["--data", "moons"], ["--data", f"csv:{good_csv}", "--label", "y"], ["--pgd-steps", "0"],
                  ["--robustness-rows", "-1"], ["--data", "text"]]:
        case("eval", ["eval", "--run", str(base)] + extra, 0 if not extra else None)
    for extra in [[], ["--data", "moons"], ["--data", f"csv:{good_csv}"], ["--data", f"csv:{files['text']}"],
                  ["--data", f"csv:{files['empty']}"], ["--data", f"npy:{npys['x_ok']},{npys['y_ok']}"], ["--data", "text"],
                  ["--batch-size", "0"], ["--batch-size", "-1"], ["--batch-size", "1000000000"], ["--out", str(work)],
                  ["--out", "/proc/x/p.csv"], ["--out", str(work / "pred.csv"), "--json"]]:
        case("predict", ["predict", "--run", str(base)] + extra, 0 if extra in ([], ["--out", str(work / "pred.csv"), "--json"]) else None)
    for label in ["neg_shape", "nan_weight", "truncated"]:
        for d in work.glob(f"run_{label}*"):
            case("predict", ["predict", "--run", str(d)], 2)
            case("eval", ["eval", "--run", str(d)], 2)
    cfg = work / "run_badconfig"
    shutil.copytree(base, cfg)
    (cfg / "config.json").write_text("{not json")
    case("resume", ["train", "--resume", str(cfg), "--epochs", "2"], 2)


# optim
for name, path in replays.items():
    case("optim", ["optim", "replay", "--optimizer", "adamw", "--input", path], 0 if name in ("ok", "nan") else None)
for opt in ["adamw", "lion", "sgd", "lbfgs", "nope", ""]:
    case("optim", ["optim", "show", opt], 0 if opt in ("adamw", "lion", "sgd", "lbfgs") else 2)
for problem in ["rosenbrock", "quadratic", "nope", ""]:
    case("optim", ["optim", "trace", "--problem", problem, "--optimizer", "adam", "--steps", "50"], None)
for steps in ["0", "-1", "99999999999"]:
    case("optim", ["optim", "trace", "--problem", "rosenbrock", "--optimizer", "adam", "--steps", steps], None)
case("optim", ["optim", "trace", "--problem", "rosenbrock", "--optimizer", "adam", "--plot", str(work)], 2)
case("optim", ["optim", "trace", "--problem", "rosenbrock", "--optimizer", "adam", "--plot", "/proc/x/y.svg"], 2)
for params in ["0", "-5", "2147483648", "99999999999999", "abc", "1"]:
    case("optim", ["optim", "bench", "--optimizer", "adamw", "--params", params, "--steps", "2"], None)
for state in ["bfloat16", "int8", "float64"]:
    case("optim", ["optim", "bench", "--optimizer", "lion", "--params", "1024", "--steps", "2", "--state-dtype", state], None)
case("optim", ["optim", "list", "--json"], 0)
case("optim", ["optim", "schedules", "--json"], 0)

# drift
ref = f("ref.csv", "x,c\n" + "".join(f"{i * 0.1},{'ab'[i % 2]}\n" for i in range(300)))
for name, path in files.items():
    case("drift", ["drift", "--reference", ref, "--current", path], None)
    case("drift", ["drift", "--reference", path, "--current", ref], None)
# the multivariate methods on extreme numbers (a NaN classifier score once hung the AUC's tie scan)
refxy = f("refxy.csv", "a,b,y\n" + "".join(f"{i * 0.1},{(i * 7) % 13},{i % 2}\n" for i in range(300)))
for name in ["nan", "inf", "huge", "good", "one_row", "single_class"]:
    case("drift", ["drift", "--reference", refxy, "--current", files[name], "--multivariate"], None)
    case("drift", ["drift", "--reference", files[name], "--current", refxy, "--multivariate"], None)
for extra in [["--columns", ""], ["--columns", "zz"], ["--threshold", "-1"], ["--threshold", "nan"], ["--drift-share", "2"],
              ["--test", "x=nope"], ["--type", "x=nope"], ["--type", "zz=numeric"], ["--delimiter", ""], ["--delimiter", "ab"],
              ["--delimiter", "\""], ["--permutations", "0"], ["--html", str(work)], ["--html", "/proc/x/r.html"],
              ["--threads", "0"], ["--multivariate", "--chunk-size", "0"], ["--multivariate", "--auc-threshold", "2"]]:
    case("drift", ["drift", "--reference", ref, "--current", ref] + extra, None)
stream = f("stream.csv", "v\n" + "".join(f"{i % 10}\n" for i in range(2000)))
for det in ["adwin", "kswin", "page_hinkley", "ddm", "eddm", "hddm_a", "nope", ""]:
    case("drift", ["drift", "stream", "--detector", det, "--input", stream], None)
for name, path in files.items():
    case("drift", ["drift", "stream", "--detector", "adwin", "--input", path], None)
for extra in [["--delta", "-1"], ["--delta", "2"], ["--seed", "-1"], ["--column", "nope"]]:
    case("drift", ["drift", "stream", "--detector", "adwin", "--input", stream] + extra, None)

# audit
for name in ["nan", "inf", "huge"]:  # with the cross-validated model, on extreme numbers
    case("audit", ["audit", "--train", files[name], "--label", "y", "--folds", "2", "--epochs", "2"], None)
for name, path in files.items():
    case("audit", ["audit", "--train", path, "--label", "y", "--no-model"], None)
    case("audit", ["audit", "--train", good_csv, "--test", path, "--label", "y", "--no-model"], None)
probs_bad = {
    "negative": f("p_neg.csv", "p_0,p_1\n" + "".join(("-0.5,1.5\n" if i == 0 else "0.5,0.5\n") for i in range(200))),
    "not_one": f("p_sum.csv", "p_0,p_1\n" + "".join("0.7,0.7\n" for _ in range(200))),
    "short": f("p_short.csv", "p_0,p_1\n0.5,0.5\n"),
    "nan": f("p_nan.csv", "p_0,p_1\n" + "".join("nan,0.5\n" for _ in range(200))),
    "missing_class": f("p_one.csv", "p_0\n" + "".join("1\n" for _ in range(200))),
    "ok": f("p_ok.csv", "p_0,p_1\n" + "".join(("0.9,0.1\n" if i % 2 == 0 else "0.2,0.8\n") for i in range(200))),
}
for name, path in probs_bad.items():
    case("audit", ["audit", "--train", good_csv, "--label", "y", "--pred-probs", path], 0 if name == "ok" else 2)
for extra in [["--fail-on", "nope"], ["--folds", "0"], ["--folds", "1"], ["--folds", "100000"], ["--epochs", "-1"],
              ["--html", str(work)], ["--html", "/proc/x/a.html"], ["--rows-out", str(work)], ["--label", ""]]:
    case("audit", ["audit", "--train", good_csv, "--label", "y"] + extra, None)
for name, path in files.items():
    case("audit", ["audit", "redact", "--input", path, "--out", str(work / f"red-{name}.csv")], None)
case("audit", ["audit", "redact", "--input", good_csv, "--out", good_csv], None)
case("audit", ["audit", "redact", "--input", good_csv, "--out", "/proc/x/y.csv"], 2)
for name, path in files.items():
    case("audit", ["audit", "datasheet", "--data", path, "--label", "y", "--out", str(work / f"sheet-{name}.md")], None)

# eval
preds = {
    "ok": f("e_ok.csv", "y,p_0,p_1,g\n" + "".join(f"{i % 2},{0.8 if i % 2 == 0 else 0.3},{0.2 if i % 2 == 0 else 0.7},{'ab'[i % 3 % 2]}\n" for i in range(300))),
    "negative": f("e_neg.csv", "y,p_0,p_1\n0,-0.5,1.5\n1,0.5,0.5\n"),
    "sum": f("e_sum.csv", "y,p_0,p_1\n0,0.7,0.7\n1,0.5,0.5\n"),
    "nan": f("e_nan.csv", "y,p_0,p_1\n0,nan,0.5\n1,0.5,0.5\n"),
    "class_without_column": f("e_cls.csv", "y,p_0,p_1\n2,0.5,0.5\n1,0.5,0.5\n"),
    "text_prob": f("e_txt.csv", "y,p_0,p_1\n0,abc,0.5\n1,0.5,0.5\n"),
    "one_row": f("e_one.csv", "y,p_0,p_1\n0,0.6,0.4\n"),
    "no_prob": f("e_noprob.csv", "y,q\n0,1\n"),
}
for name, path in preds.items():
    case("eval", ["eval", "--predictions", path, "--label", "y"], 0 if name == "ok" else None)
for name, path in files.items():
    case("eval", ["eval", "--predictions", path, "--label", "y"], None)
for extra in [["--slices", "nope"], ["--slices", ""], ["--slices", "g,g"], ["--target-accuracy", "2"], ["--target-accuracy", "nan"],
              ["--proba-prefix", ""], ["--html", str(work)], ["--html", "/proc/x/e.html"], ["--prediction", "p_0"],
              ["--bootstrap", "0"], ["--bootstrap", "-1"], ["--slice-bins", "0"], ["--validation-fraction", "1.5"],
              ["--sample-weight", "nope"], ["--sample-weight", "y"], ["--sample-weight", "g"], ["--sample-weight", "p_0"],
              ["--sample-weight", ""]]:
    case("eval", ["eval", "--predictions", preds["ok"], "--label", "y"] + extra, None)
case("eval", ["eval", "--run", str(work / "missing-run")], 2)
case("eval", ["eval", "--run", good_csv], 2)
case("eval", ["eval"], 2)

# bench
space = f("space.json", json.dumps({"learning_rate": {"min": 1e-4, "max": 1e-1, "scaling": "log"}}))
for extra in [["--suite", "nope"], ["--optimizers", ""], ["--optimizers", "nope"], ["--workloads", "nope"],
              ["--studies", "0"], ["--trials", "0"], ["--trials", "-2"], ["--measure", "minutes"],
              ["--search-space", f"adamw={files['empty']}"], ["--search-space", f"adamw={good_csv}"],
              ["--search-space", f"adamw={space}", "--optimizers", "adamw", "--workloads", "quadratic_deep", "--studies", "1", "--trials", "1"],
              ["--out", good_csv], ["--out", "/proc/x/b"], ["--parallel", "0"]]:
    case("bench", ["bench", "--optimizers", "adamw", "--workloads", "quadratic_deep", "--studies", "1", "--trials", "1"] + extra, None)
case("bench", ["bench", "list", "--json"], 0)
for shard in ["0/2", "3/2", "-1/2", "1/0", "1/", "/2", "a/b", "1/2/3", "", "99999999999999999999/1"]:
    case("bench", ["bench", "--optimizers", "adamw", "--workloads", "quadratic_deep", "--studies", "1", "--trials", "1", "--shard", shard], 2)
merge_out = str(work / "merge-out")
for extra in [[], [str(work / "missing-shard")], [good_csv], [files["empty"]], [str(work)]]:
    case("bench", ["bench", "merge"] + extra + ["--out", merge_out], 2, out=merge_out)
for extra in [[str(work / "missing-dir")], [str(work)], [good_csv]]:
    case("bench", ["bench", "report"] + extra, 2)

corrupt_runs()

# ---- run ---------------------------------------------------------------------------------
only = set(filter(None, args.only.split(",")))
table, failures = {}, []
for i, (group, argv, expect, _) in enumerate(cases):
    if only and group not in only:
        continue
    out_file = work / f"out-{i}.json"
    argv = [a.replace("{OUT}", str(out_file)) for a in argv]
    row = table.setdefault(group, {"cases": 0, "passed": 0, "crash": 0, "timeout": 0, "multi_line": 0, "unexpected_exit": 0})
    row["cases"] += 1
    try:
        r = subprocess.run([args.binary] + argv, capture_output=True, timeout=args.timeout, cwd=work)
    except subprocess.TimeoutExpired:
        row["timeout"] += 1
        failures.append(("timeout", argv, ""))
        continue
    err = r.stderr.decode(errors="replace").strip()
    problem = None
    if r.returncode < 0 or r.returncode not in (0, 1, 2):
        problem = "crash"
    elif expect is not None and r.returncode != expect:
        problem = "unexpected_exit"
    elif r.returncode == 2 and (len(err.splitlines()) != 1):
        problem = "multi_line"
    if problem:
        row[problem] += 1
        failures.append((problem, argv, f"exit {r.returncode}: {err[:300]}"))
    else:
        row["passed"] += 1

print(f"{'command':10} {'cases':>6} {'passed':>7} {'crash':>6} {'timeout':>8} {'multi_line':>11} {'unexpected':>11}")
for group, row in table.items():
    print(f"{group:10} {row['cases']:>6} {row['passed']:>7} {row['crash']:>6} {row['timeout']:>8} {row['multi_line']:>11} {row['unexpected_exit']:>11}")
total = {k: sum(r[k] for r in table.values()) for k in ("cases", "passed")}
print(f"{'total':10} {total['cases']:>6} {total['passed']:>7}")
if args.show_failures or failures:
    for problem, argv, detail in failures:
        print(f"- {problem}: descent {' '.join(argv)[:200]}\n    {detail}")
shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
