#!/usr/bin/env python3
"""Write a Parakeet TDT model in parakeet.cpp's ggml format with random weights and the real shapes.

No real weights can be downloaded where the tests run, so this makes a file that loads, allocates and
computes exactly like NVIDIA's parakeet-tdt-0.6b-v3 (what whisper.cpp's
models/convert-parakeet-to-ggml.py writes from the .nemo checkpoint), so load time, memory and compute
are the real model's. The text it produces is gibberish.

Shapes (convert script + the model's published config, nvidia/parakeet-tdt-0.6b-v3 model_config.yaml):
  FastConformer encoder: 24 layers, d_model 1024, 8 heads, FFN 4x, depthwise conv kernel 9,
  8x subsampling by conv2d stages with 256 channels; 128 mel bands, n_fft 512, 400-sample window.
  TDT decoder: 2-layer LSTM prediction network of 640, joint network 640 -> 8192 tokens + blank
  + 5 durations [0, 1, 2, 3, 4]; greedy decoding emits at most 10 tokens per frame.
  n_audio_ctx is the converter's fixed 5000 mel frames (50 s).

File layout (parakeet.cpp parakeet_model_load): magic, 15 int32 hyper-parameters, mel filters
(int32 n_mel, int32 n_fb, float32[n_mel*n_fb]), window (int32 n, float32[n]), uint32 durations,
vocabulary (int32 count, then int32 length + bytes per token), tensors until EOF (int32 n_dims,
int32 name length, int32 type, int32 ne[n_dims] in ggml order, name, data). As the converter does:
2-D and larger weights are f16, except biases, norms, the 4-D subsampling convolutions and the
depthwise convolution, which are f32.

Decoding cost (--decode). A transducer's decoder runs one joint-network step per emitted token or
blank and one prediction-network (LSTM) step per emitted token; random weights would pick tokens and
durations arbitrarily (up to 10 tokens per frame, ~25x a real model's decoder work). The joint
network's output biases are therefore set so that decoding costs what it costs on real speech:
  speech (default): 56 word pieces and the marks . , ? ! are favoured over the other tokens, the
    blank wins about a third of the steps, and durations 1-4 are equally likely (0 never wins), so
    it emits about 3-5 tokens per second of audio with a joint step every ~2.5 encoder frames: what
    parakeet-tdt-0.6b-v3 does on conversational speech (~3 tokens/s, most frames skipped).
    The text is random words with sentence punctuation, so segments, cues and word times are real.
  blank: always the blank with the longest duration (4 frames): a transcription costs mel +
    encoder + one joint step per 4 frames and yields no text (like whisper's --eot test models).

Usage: python3 gen-random-parakeet.py OUT.bin [--preset v3|tiny] [--decode speech|blank] [--f32] [--seed N]
Needs numpy (Debian: python3-numpy). Writes ~1.25 GB (f16) in well under a minute.
"""
import argparse
import struct
import sys

import numpy as np

HPARAMS = {
    "n_vocab": 8192,
    "n_audio_ctx": 5000,
    "n_audio_state": 1024,
    "n_audio_head": 8,
    "n_audio_layer": 24,
    "n_mels": 128,
    "ftype": 1,
    "n_fft": 512,
    "subsampling_factor": 8,
    "n_subsampling_channels": 256,
    "n_conv_kernel": 9,
    "n_pred_dim": 640,
    "n_pred_layers": 2,
    "n_tdt_durations": 5,
    "n_max_tokens": 10,
}
# A miniature with the same structure and front end (128 mels, 512-point FFT, 5 durations) for fast
# tests: ~1 MB, it emits text with word times where whisper.cpp's own 16 KB test model emits none.
TINY = dict(HPARAMS, n_vocab=512, n_audio_ctx=3200, n_audio_state=64, n_audio_head=4, n_audio_layer=2,
            n_subsampling_channels=16, n_pred_dim=64, n_pred_layers=1)
PRESETS = {"v3": HPARAMS, "tiny": TINY}
DURATIONS = [0, 1, 2, 3, 4]
WINDOW = 400  # 25 ms at 16 kHz
SPM_SPACE = "\u2581"

# Joint-network output biases of the "speech" decode mode (see the docstring). The logit noise of
# the random joint network has a standard deviation of about 1 (NET_STD is chosen for that).
FAVOURED_BIAS = 8.0
PUNCTUATION_EXTRA = 0.8  # so that sentences end now and then
BLANK_MARGIN = 1.9  # the blank's advantage over the favoured tokens (measured: ~4 tokens/s on speech)
DURATION_BIAS = 8.0
# Random attention averages every frame into every other, and 24 layers of it leave all frames alike
# (rank collapse): the decoder would then emit one token forever. Trained models keep frames apart;
# a smaller attention output projection does the same here. The joint network's prediction input is
# made as strong as its encoder input, so what was emitted shapes what comes next, as in a real model.
ATTENTION_OUT_SCALE = 0.2
JOINT_PRED_SCALE = 3.0


def mel_filters(n_mels, n_fft, sr=16000):
    """librosa.filters.mel(sr, n_fft, n_mels, norm='slaney'), the bank NeMo's preprocessor uses."""
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        return np.where(f < min_log_hz, f / f_sp, min_log_mel + np.log(np.maximum(f, 1e-9) / min_log_hz) / logstep)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=np.float64)
        return np.where(m < min_log_mel, f_sp * m, min_log_hz * np.exp(logstep * (m - min_log_mel)))

    n_bins = n_fft // 2 + 1
    fft_f = np.linspace(0, sr / 2, n_bins)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    weights = np.zeros((n_mels, n_bins))
    for i in range(n_mels):
        lower = (fft_f - mel_f[i]) / (mel_f[i + 1] - mel_f[i])
        upper = (mel_f[i + 2] - fft_f) / (mel_f[i + 2] - mel_f[i + 1])
        weights[i] = np.maximum(0, np.minimum(lower, upper)) * (2.0 / (mel_f[i + 2] - mel_f[i]))
    return weights.astype(np.float32)


def vocabulary(n_vocab):
    """SentencePiece-like pieces: <unk>, punctuation, word starts (with U+2581) and continuations."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    syllables = [c + v for c in consonants for v in vowels]  # 80
    tokens = ["<unk>", "<s>", "</s>"] + [".", ",", "?", "!", ";", ":", "-", "'"]
    words = []
    for a in syllables:
        for b in [""] + syllables:
            words.append(a + b)
    i = 0
    while len(tokens) < n_vocab:
        word = words[i // 2 % len(words)] + ("" if i < 2 * len(words) else str(i // (2 * len(words))))
        tokens.append((SPM_SPACE + word) if i % 2 == 0 else word)
        i += 1
    assert len(set(tokens)) == len(tokens) == n_vocab
    return tokens


def tensors(hp):
    """(name, torch shape, f32?) in the converter's order."""
    s, ch, d, k = hp["n_audio_state"], hp["n_subsampling_channels"], hp["n_pred_dim"], hp["n_conv_kernel"]
    pre = (hp["n_mels"] // hp["subsampling_factor"]) * ch
    out = [("encoder.pre_encode.out.weight", (s, pre), False), ("encoder.pre_encode.out.bias", (s,), True)]
    for conv, pointwise in ((0, False), (2, False), (3, True), (5, False), (6, True)):
        shape = (ch, ch, 1, 1) if pointwise else (ch, 1, 3, 3)
        out += [(f"encoder.pre_encode.conv.{conv}.weight", shape, True),
                (f"encoder.pre_encode.conv.{conv}.bias", (1, ch, 1, 1), True)]
    for i in range(hp["n_audio_layer"]):
        p = f"encoder.layers.{i}"
        out += [(f"{p}.norm_feed_forward1.weight", (s,), True), (f"{p}.norm_feed_forward1.bias", (s,), True),
                (f"{p}.feed_forward1.linear1.weight", (4 * s, s), False),
                (f"{p}.feed_forward1.linear2.weight", (s, 4 * s), False),
                (f"{p}.norm_conv.weight", (s,), True), (f"{p}.norm_conv.bias", (s,), True),
                (f"{p}.conv.pointwise_conv1.weight", (2 * s, s), False),
                (f"{p}.conv.depthwise_conv.weight", (s, k), True),
                (f"{p}.conv.batch_norm.weight", (s,), True), (f"{p}.conv.batch_norm.bias", (s,), True),
                (f"{p}.conv.batch_norm.running_mean", (s,), True),
                (f"{p}.conv.batch_norm.running_var", (s,), True),
                (f"{p}.conv.batch_norm.num_batches_tracked", (1,), True),
                (f"{p}.conv.pointwise_conv2.weight", (s, s), False),
                (f"{p}.norm_self_att.weight", (s,), True), (f"{p}.norm_self_att.bias", (s,), True),
                (f"{p}.self_attn.pos_bias_u", (hp["n_audio_head"], s // hp["n_audio_head"]), True),
                (f"{p}.self_attn.pos_bias_v", (hp["n_audio_head"], s // hp["n_audio_head"]), True)]
        out += [(f"{p}.self_attn.{proj}.weight", (s, s), False)
                for proj in ("linear_q", "linear_k", "linear_v", "linear_out", "linear_pos")]
        out += [(f"{p}.norm_feed_forward2.weight", (s,), True), (f"{p}.norm_feed_forward2.bias", (s,), True),
                (f"{p}.feed_forward2.linear1.weight", (4 * s, s), False),
                (f"{p}.feed_forward2.linear2.weight", (s, 4 * s), False),
                (f"{p}.norm_out.weight", (s,), True), (f"{p}.norm_out.bias", (s,), True)]
    out.append(("decoder.prediction.embed.weight", (hp["n_vocab"] + 1, d), False))
    for i in range(hp["n_pred_layers"]):
        base = "decoder.prediction.dec_rnn.lstm"
        out += [(f"{base}.weight_ih_l{i}", (4 * d, d), False), (f"{base}.weight_hh_l{i}", (4 * d, d), False),
                (f"{base}.bias_h_l{i}", (4 * d,), True)]
    joint_out = hp["n_vocab"] + hp["n_tdt_durations"] + 1
    out += [("joint.pred.weight", (d, d), False), ("joint.pred.bias", (d,), True),
            ("joint.enc.weight", (d, s), False), ("joint.enc.bias", (d,), True),
            ("joint.joint_net.2.weight", (joint_out, d), False), ("joint.joint_net.2.bias", (joint_out,), True)]
    return out


def values(rng, name, shape, hp, decode, tokens):
    """Random values that keep every activation in range (no inf/NaN in f16)."""
    if name.endswith("num_batches_tracked"):
        return np.zeros(shape, dtype=np.float32)
    if "norm" in name and name.endswith(".weight"):
        return (1.0 + 0.1 * rng.standard_normal(shape)).astype(np.float32)
    if name.endswith("running_var"):
        return (1.0 + 0.1 * np.abs(rng.standard_normal(shape))).astype(np.float32)
    if name == "joint.joint_net.2.bias":
        return joint_bias(rng, hp, decode, tokens)
    if name.endswith("bias") or "bias_" in name or name.endswith("running_mean"):
        return (0.02 * rng.standard_normal(shape)).astype(np.float32)
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    std = 1.0 / np.sqrt(fan_in)
    if name.endswith("self_attn.linear_out.weight"):
        std *= ATTENTION_OUT_SCALE
    if name == "joint.pred.weight":
        std *= JOINT_PRED_SCALE
    if name == "joint.joint_net.2.weight":
        # relu(hidden) of the joint network has ~320 non-zero entries of ~1: this makes logit noise ~1.
        std = 1.0 / np.sqrt(hp["n_pred_dim"] / 2)
        if decode == "blank":
            std *= 0.01
    return (std * rng.standard_normal(shape, dtype=np.float32)).astype(np.float32)


def joint_bias(rng, hp, decode, tokens):
    n_vocab = hp["n_vocab"]
    bias = np.zeros(n_vocab + 1 + hp["n_tdt_durations"], dtype=np.float32)
    blank = n_vocab
    durations = slice(n_vocab + 1, None)
    if decode == "blank":
        bias[blank] = 100.0
        bias[durations] = [0.0] * (len(DURATIONS) - 1) + [100.0]
        return bias
    words = [i for i, t in enumerate(tokens) if t.startswith(SPM_SPACE)]
    punctuation = [tokens.index(p) for p in ".,?!"]
    bias[list(rng.choice(words, size=56, replace=False))] = FAVOURED_BIAS
    bias[punctuation] = FAVOURED_BIAS + PUNCTUATION_EXTRA
    bias[blank] = FAVOURED_BIAS + BLANK_MARGIN
    bias[durations] = [-DURATION_BIAS] + [DURATION_BIAS] * (len(DURATIONS) - 1)
    return bias


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="v3")
    ap.add_argument("--decode", choices=("speech", "blank"), default="speech")
    ap.add_argument("--f32", action="store_true", help="ftype 0 (all f32, ~2.5 GB)")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()

    hp = dict(PRESETS[args.preset])
    hp["ftype"] = 0 if args.f32 else 1
    rng = np.random.default_rng(args.seed)
    tokens = vocabulary(hp["n_vocab"])
    filters = mel_filters(hp["n_mels"], hp["n_fft"])
    window = np.hanning(WINDOW).astype(np.float32)  # torch.hann_window(400, periodic=False)
    total = 0
    listing = tensors(hp)
    with open(args.out, "wb") as f:
        f.write(struct.pack("<I", 0x67676D6C))
        for key in HPARAMS:
            f.write(struct.pack("<i", hp[key]))
        f.write(struct.pack("<ii", *filters.shape))
        filters.astype("<f4").tofile(f)
        f.write(struct.pack("<i", len(window)))
        window.astype("<f4").tofile(f)
        for d in DURATIONS:
            f.write(struct.pack("<I", d))
        f.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            raw = token.encode("utf-8")
            f.write(struct.pack("<i", len(raw)))
            f.write(raw)
        for name, shape, f32 in listing:
            data = values(rng, name, shape, hp, args.decode, tokens)
            f16 = not args.f32 and not f32
            raw = name.encode()
            f.write(struct.pack("<iii", len(shape), len(raw), 1 if f16 else 0))
            for n in reversed(shape):
                f.write(struct.pack("<i", n))
            f.write(raw)
            data.astype("<f2" if f16 else "<f4").tofile(f)
            total += data.size
    print("wrote %s: preset %s, %d tensors, %.1fM params, ftype %d, decode %s"
          % (args.out, args.preset, len(listing), total / 1e6, hp["ftype"], args.decode))


if __name__ == "__main__":
    sys.exit(main())
