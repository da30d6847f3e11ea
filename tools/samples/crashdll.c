/*
 * crashdll.c: the DLL in which tools/samples/crash.c crashes, three calls
 * deep, in a function inlined into the third one:
 *   crash_entry -> crash_middle -> crash_leaf -> crash_poke (always inline)
 * Built -g, -gdwarf-4 and -O2 -g (see tools/local.mk).  Every frame's line
 * carries a "crash-line: NAME" marker that tools/crash.test and
 * tools/winedbg.test read to know the line each frame must report: the
 * faulting store for crash_poke, the call for the others.
 *
 * noipa keeps every function a real frame at -O2: no inlining, no cloning
 * (no ".constprop" names), no tail calls through IPA; the "+ crash_sink"
 * after each call keeps the call from becoming a jump.
 */

#define CRASH_EXPORT __declspec(dllexport) __attribute__((noipa))

/* Stays NULL: the store through it is the access violation. */
int *volatile crash_target;
/* Read after each call so that none is a tail call. */
volatile int crash_sink;

static inline __attribute__((always_inline)) void crash_poke(int value)
{
    *crash_target = value; /* crash-line: crash_poke */
}

CRASH_EXPORT int crash_leaf(int value);
CRASH_EXPORT int crash_middle(int value);
CRASH_EXPORT int crash_entry(int mode);

CRASH_EXPORT int crash_leaf(int value)
{
    if (value == 4) /* crash_entry(1): a breakpoint, then a normal return */
    {
        __asm__ __volatile__("int3"); /* crash-line: crash_leaf_int3 */
        return value + crash_sink;
    }
    crash_poke(value); /* crash-line: crash_leaf */
    return value + crash_sink;
}

CRASH_EXPORT int crash_middle(int value)
{
    int ret = crash_leaf(value * 2); /* crash-line: crash_middle */
    return ret + crash_sink;
}

/* mode 0: access violation; mode 1: int3 breakpoint, returns 4. */
CRASH_EXPORT int crash_entry(int mode)
{
    int ret = crash_middle(mode + 1); /* crash-line: crash_entry */
    return ret + crash_sink;
}
