/* dwarf_fixture.c: a DLL built by native.test with mingw in several DWARF
 * flavours; symtab_tests.c finds each function's definition line by
 * searching this file for the line that starts with its name. */
#define EXPORT __declspec(dllexport)

volatile int fixture_sink;
EXPORT int fixture_global = 42;

EXPORT int fixture_add(int a, int b) {
    fixture_sink = a;
    return a + b;
}

static inline __attribute__((always_inline)) int fixture_twice(int v) {
    fixture_sink += v;
    return v * 2 + fixture_sink;
}

EXPORT int fixture_outer(int v) {
    int r = fixture_twice(v + 1); /* call-site */
    fixture_sink = r;
    return r + 3;
}

EXPORT int fixture_loop(int n) {
    int i, s = 0;
    for (i = 0; i < n; i++)
        s += i * fixture_sink;
    return s;
}

struct fixture_pair {
    int first;
    unsigned flag : 1;
    struct fixture_pair *next;
};
EXPORT struct fixture_pair fixture_pairs[2];
