/*
 * crashxx.cpp: the C++ DLL of the crash sample's "throw" mode (see
 * tools/samples/crash.c).  crashxx_entry calls crashxx_middle, which calls
 * crashxx_throw, which throws an int that nothing catches:
 *   crashxx_entry -> crashxx_middle -> crashxx_throw -> throw 8
 * On x86_64 g++ unwinds through SEH: the throw is RaiseException with code
 * 0x20474343 ("\0GCC"), which a debugger sees first.  With no catch block,
 * the runtime then calls std::terminate, whose handler prints "terminate
 * called after throwing an instance of 'int'", rethrows (a second
 * 0x20474343) and aborts: exit code 3.  On i686 see crashxx_terminate.
 *
 * Nothing catches it because a caught throw cannot be traced on Wine 8.0
 * x86_64: once a debugger has seen the first chance, even one that only
 * passes it on (DBG_EXCEPTION_NOT_HANDLED), libgcc's RtlUnwindEx towards
 * the catch block faults in RtlVirtualUnwind, again and again.
 *
 * Built by tools/local.mk with the C++ compiler matching $(CC), libstdc++
 * and libgcc linked in statically so that it needs no other DLL.  Every
 * frame's line carries a "crash-line: NAME" marker for tools/crash.test.
 * The functions are extern "C" so that their names are the same with and
 * without demangling; noipa keeps each a real frame at -O2, and the
 * "+ crashxx_sink" after each call keeps the call from becoming a jump.
 */

/* clang (the PDB build) has no noipa: noinline keeps the frames. */
#ifdef __clang__
#define SAMPLE_NOIPA __attribute__((noinline))
#else
#define SAMPLE_NOIPA __attribute__((noipa))
#endif
#define CRASHXX_FUNC extern "C" SAMPLE_NOIPA

#if !defined(__SEH__) && !defined(__USING_SJLJ_EXCEPTIONS__)
/* i686 g++ (Debian's mingw-w64) unwinds with DWARF-2 tables, not SEH: an
 * uncaught throw raises no exception that a debugger could see, and the
 * runtime calls std::terminate right there, on the throwing stack.  The
 * handler below makes that point visible: it raises a breakpoint
 * (EXCEPTION_BREAKPOINT, which the debugger passes on) and then aborts as
 * the default handler does (exit code 3). */
#include <cstdlib>
#include <exception>
#include <windows.h>

static void crashxx_terminate()
{
    DebugBreak();
    abort();
}

static struct crashxx_init
{
    crashxx_init() { std::set_terminate(crashxx_terminate); }
} crashxx_init_instance;
#endif

/* Read after each call so that none is a tail call. */
volatile int crashxx_sink;

CRASHXX_FUNC int crashxx_throw(int value);
CRASHXX_FUNC int crashxx_middle(int value);
extern "C" __declspec(dllexport) int crashxx_entry(int mode);

CRASHXX_FUNC int crashxx_throw(int value)
{
    if (value != crashxx_sink - 1) /* always (the sink stays 0) */
        throw value + crashxx_sink; /* crash-line: crashxx_throw */
    return value;
}

CRASHXX_FUNC int crashxx_middle(int value)
{
    int ret = crashxx_throw(value * 2); /* crash-line: crashxx_middle */
    return ret + crashxx_sink;
}

/* Throws 8, uncaught; mode is unused (the same signature as crash_entry). */
extern "C" __declspec(dllexport) int crashxx_entry(int mode)
{
    int ret = crashxx_middle(mode + 4); /* crash-line: crashxx_entry */
    return ret + crashxx_sink;
}
