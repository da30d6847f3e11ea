/*
 * tiny.c: the smallest DLL with DWARF worth reading (no C runtime): a
 * struct, a static function, an inlinable loop, an export and a global.
 * seeds.sh builds it in four DWARF flavours for both machines: small
 * seeds make the image and symbols targets run fast.
 */
struct pt { int x, y; };
static int helper(int a) { return a * 3 + 1; }
__attribute__((noinline)) int inner(struct pt *p, int n) { int i, s = 0; for (i = 0; i < n; i++) s += helper(p->x + i); return s + p->y; }
__declspec(dllexport) int outer(int v) { struct pt p = { v, v + 1 }; return inner(&p, v & 7); }
int g_counter = 5;
