// Force-included into naudiodon's sources: its diagnostics use printf, which would land on stdout
// and break `dictation listen --json`. Here they go to stderr instead.
#pragma once
#include <cstdio>
#define printf(...) std::fprintf(stderr, __VA_ARGS__)
