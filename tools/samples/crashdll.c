/*
 * crashdll.c: the DLL in which tools/samples/crash.c crashes, three calls
 * deep, in a function inlined into the third one:
 *   crash_entry -> crash_middle -> crash_leaf -> crash_poke (always inline)
 * Built -g, -gdwarf-4 and -O2 -g (see tools/local.mk).  Every frame's line
 * carries a "crash-line: NAME" marker that tools/crash.test and
 * tools/winedbg.test read to know the line each frame must report: the
 * faulting store for crash_poke, the call for the others.
 *
 * The same chain, with crash_leaf doing something else, serves the other
 * modes of crash_entry: an int3 breakpoint, an illegal instruction (ud2),
 * and a stack overflow in crash_recurse, which calls itself until the
 * stack's guard page trips:
 *   crash_entry -> crash_middle -> crash_leaf -> crash_recurse -> ...
 *
 * noipa keeps every function a real frame at -O2: no inlining, no cloning
 * (no ".constprop" names), no tail calls through IPA; the "+ crash_sink"
 * after each call keeps the call from becoming a jump.
 */

/* clang (the PDB build) has no noipa: noinline keeps the frames. */
#ifdef __clang__
#define SAMPLE_NOIPA __attribute__((noinline))
#else
#define SAMPLE_NOIPA __attribute__((noipa))
#endif
#define CRASH_EXPORT __declspec(dllexport) SAMPLE_NOIPA

/* Stays NULL: the store through it is the access violation. */
int *volatile crash_target;
/* Read after each call so that none is a tail call. */
volatile int crash_sink;

static inline __attribute__((always_inline)) void crash_poke(int value)
{
    *crash_target = value; /* crash-line: crash_poke */
}

CRASH_EXPORT int crash_recurse(int depth);
CRASH_EXPORT int crash_leaf(int value);
CRASH_EXPORT int crash_middle(int value);
CRASH_EXPORT int crash_entry(int mode);

/* Calls itself for ever, each level with a 2 KiB frame that it writes at
 * both ends, so that no page of the stack is skipped and the guard page
 * trips in this function (a frame of 4 KiB or more would be probed by
 * ___chkstk_ms, which would then be the faulting function).  The volatile
 * array read after the call keeps it from being a tail call, so that -O2
 * cannot turn the recursion into a loop.  The fault may be on any line of
 * the function (its prologue, a store, the call's push): between the
 * crash_recurse_begin and crash_recurse_end markers. */
CRASH_EXPORT int crash_recurse(int depth) /* crash-line: crash_recurse_begin */
{
    volatile char pad[2048];
    int ret;

    if (depth < 0) return 0; /* never: a way out for -Winfinite-recursion */
    pad[0] = (char)depth;
    pad[sizeof(pad) - 1] = (char)depth;
    ret = crash_recurse(depth + 1); /* crash-line: crash_recurse */
    return ret + pad[depth & 1 ? 0 : sizeof(pad) - 1] + crash_sink;
} /* crash-line: crash_recurse_end */

CRASH_EXPORT int crash_leaf(int value)
{
    if (value == 4) /* crash_entry(1): a breakpoint, then a normal return */
    {
        __asm__ __volatile__("int3"); /* crash-line: crash_leaf_int3 */
        return value + crash_sink;
    }
    if (value == 6) /* crash_entry(2): an illegal instruction */
        __builtin_trap(); /* crash-line: crash_leaf_ill */
    if (value == 8) /* crash_entry(3): a stack overflow */
    {
        int ret = crash_recurse(0); /* crash-line: crash_leaf_overflow */
        return ret + crash_sink;
    }
    crash_poke(value); /* crash-line: crash_leaf */
    return value + crash_sink;
}

CRASH_EXPORT int crash_middle(int value)
{
    int ret = crash_leaf(value * 2); /* crash-line: crash_middle */
    return ret + crash_sink;
}

/* mode 0: access violation; mode 1: int3 breakpoint, returns 4;
 * mode 2: illegal instruction; mode 3: stack overflow. */
CRASH_EXPORT int crash_entry(int mode)
{
    int ret = crash_middle(mode + 1); /* crash-line: crash_entry */
    return ret + crash_sink;
}
