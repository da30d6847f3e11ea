/* typed.c: the winedbg types sample (tools/winedbg.test): locals,
 * parameters, globals of struct, enum, array and bitfield types; leaf()
 * stops at a breakpoint for the debugger to look. */
#include <stdio.h>
#include <windows.h>

enum color { RED, GREEN = 5, BLUE };
struct point
{
    int x, y;
    unsigned flag : 1;
    unsigned mode : 3;
    char name[8];
};

struct point g_point = { 3, 4, 1, 5, "origin" };
int g_counter = 42;
int g_grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
enum color g_color = BLUE;

static int __attribute__((noinline)) leaf(struct point *p, int v, enum color c)
{
    int n = p->x + v;
    double half = n / 2.0;

    DebugBreak();
    /* (winedbg shows the line the breakpoint returns to) */
    return n + (int)half + (int)c + p->mode; /* typed-line: leaf */
}

int main(void)
{
    struct point local = { 10, 20, 0, 2, "local" };
    int r = leaf(&local, 7, GREEN); /* typed-line: main */

    printf("%d %d %d\n", r, g_counter, g_grid[1][2]);
    return 0;
}
