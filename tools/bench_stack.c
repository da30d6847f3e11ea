/*
 * bench_stack.c: frames walked and symbolized per second.
 *
 * The program recurses DEPTH (200) frames deep through a function that
 * cannot be inlined, then, from the innermost frame, walks its own stack
 * over and over for a time budget:
 *   walk      StackWalk64 from the captured context to the end of the stack
 *   symbolize the same walk plus SymFromAddr and SymGetLineFromAddr64 on
 *             every frame (at pc - 1 for callers)
 *   symbolize SymFromAddr and SymGetLineFromAddr64 alone, on the addresses
 *             of one walk saved beforehand (the symbol side without the
 *             walker's ReadProcessMemory calls, which dominate the others)
 * and prints frames per second for each.  The first walk, which reads the
 * symbols (SymInitialize with SYMOPT_DEFERRED_LOADS), is timed apart.
 *
 * It binds to whichever dbghelp.dll the loader picks, so `make bench-stack`
 * runs it once with our DLL beside it (dbghelp=n) and once with Wine's
 * builtin (dbghelp=b) and prints the ratios.  It is built with -gdwarf-4,
 * which both DLLs read (Wine 8.0's builtin cannot read DWARF 5), and reports
 * how many frames each DLL named and gave a line for, so that the rates are
 * compared on the same work.  Machine-readable lines:
 *   bench: impl=ours op=walk frames=123456 seconds=2.001 fps=61700
 *
 * Usage: bench_stack.exe [--impl NAME] [--budget-ms MS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>
#include "capture_context.h"

#define DEPTH 200
#define MAX_WALK 1024

static const char *impl = "?";
static double budget_s = 2.0;
static LARGE_INTEGER freq;
static volatile int bench_sink;

static double now_s(void)
{
    LARGE_INTEGER t;

    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)freq.QuadPart;
}

struct walk_stats
{
    unsigned int frames, named, with_line;
};

/* The lookup addresses of the first walk, for the symbolize figure. */
static DWORD64 saved_addrs[MAX_WALK];
static unsigned int saved_count;

/* Symbolizes one address; counts what was found. */
static void symbolize_addr(DWORD64 addr, struct walk_stats *st)
{
    union
    {
        SYMBOL_INFO info;
        char buf[sizeof(SYMBOL_INFO) + MAX_SYM_NAME];
    } sym;
    IMAGEHLP_LINE64 line;
    DWORD64 disp64;
    DWORD disp;

    sym.info.SizeOfStruct = sizeof(SYMBOL_INFO);
    sym.info.MaxNameLen = MAX_SYM_NAME;
    if (SymFromAddr(GetCurrentProcess(), addr, &disp64, &sym.info)) st->named++;
    line.SizeOfStruct = sizeof(line);
    if (SymGetLineFromAddr64(GetCurrentProcess(), addr, &disp, &line)) st->with_line++;
}

/* One walk of the current thread; symbolizes each frame when asked. */
static BOOL walk_once(BOOL symbolize, struct walk_stats *st)
{
    HANDLE process = GetCurrentProcess(), thread = GetCurrentThread();
    CONTEXT ctx;
    STACKFRAME64 frame;
    DWORD machine;

    memset(st, 0, sizeof(*st));
    memset(&ctx, 0, sizeof(ctx));
    memset(&frame, 0, sizeof(frame));
    capture_context(&ctx);
#ifdef _WIN64
    machine = IMAGE_FILE_MACHINE_AMD64;
    frame.AddrPC.Offset = ctx.Rip;
    frame.AddrFrame.Offset = ctx.Rbp;
    frame.AddrStack.Offset = ctx.Rsp;
#else
    machine = IMAGE_FILE_MACHINE_I386;
    frame.AddrPC.Offset = ctx.Eip;
    frame.AddrFrame.Offset = ctx.Ebp;
    frame.AddrStack.Offset = ctx.Esp;
#endif
    frame.AddrPC.Mode = frame.AddrFrame.Mode = frame.AddrStack.Mode = AddrModeFlat;
    while (st->frames < MAX_WALK &&
           StackWalk64(machine, process, thread, &frame, &ctx, NULL, SymFunctionTableAccess64,
                       SymGetModuleBase64, NULL))
    {
        DWORD64 addr = frame.AddrPC.Offset;

        if (!addr) break;
        if (st->frames) addr--;
        if (!saved_count || st->frames < saved_count) saved_addrs[st->frames] = addr;
        st->frames++;
        if (symbolize) symbolize_addr(addr, st);
    }
    if (!saved_count) saved_count = st->frames;
    return st->frames > 0;
}

static void report(const char *op, unsigned long long frames, double seconds)
{
    printf("bench: impl=%s op=%s frames=%llu seconds=%.3f fps=%.0f\n", impl, op, frames,
           seconds, seconds > 0 ? frames / seconds : 0.0);
}

static int run_bench(void)
{
    struct walk_stats st;
    unsigned long long frames;
    double t0, t;
    unsigned int walks;
    BOOL symbolize;

    /* the first walk reads the symbols of every module on the stack */
    t0 = now_s();
    if (!walk_once(TRUE, &st))
    {
        printf("bench_stack: StackWalk64 failed, error %lu\n", GetLastError());
        return 1;
    }
    t = now_s() - t0;
    printf("bench_stack: %s: first walk (reads symbols) %.1f ms; %u frames, %u named, "
           "%u with a line\n", impl, t * 1000, st.frames, st.named, st.with_line);
    if (st.frames < DEPTH)
    {
        printf("bench_stack: only %u frames walked, expected more than %u\n", st.frames, DEPTH);
        return 1;
    }
    for (symbolize = FALSE; symbolize <= TRUE; symbolize++)
    {
        frames = 0;
        walks = 0;
        t0 = now_s();
        do
        {
            walk_once(symbolize, &st);
            frames += st.frames;
            walks++;
        } while ((t = now_s() - t0) < budget_s);
        report(symbolize ? "walk+symbolize" : "walk", frames, t);
    }
    frames = 0;
    t0 = now_s();
    do
    {
        unsigned int i;

        memset(&st, 0, sizeof(st));
        for (i = 0; i < saved_count; i++) symbolize_addr(saved_addrs[i], &st);
        frames += saved_count;
    } while ((t = now_s() - t0) < budget_s);
    report("symbolize", frames, t);
    return 0;
}

/* DEPTH frames of this function sit under run_bench. */
__attribute__((noipa)) int bench_recurse(int depth);

__attribute__((noipa)) int bench_recurse(int depth)
{
    int ret = depth ? bench_recurse(depth - 1) : run_bench();
    return ret + bench_sink;
}

int main(int argc, char **argv)
{
    char path[MAX_PATH];
    HMODULE dll;
    int i, ret;

    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--impl") && i + 1 < argc) impl = argv[++i];
        else if (!strcmp(argv[i], "--budget-ms") && i + 1 < argc) budget_s = atoi(argv[++i]) / 1000.0;
        else
        {
            printf("usage: bench_stack.exe [--impl NAME] [--budget-ms MS]\n");
            return 2;
        }
    }
    QueryPerformanceFrequency(&freq);
    dll = GetModuleHandleA("dbghelp.dll");
    if (dll && GetModuleFileNameA(dll, path, sizeof(path)))
        printf("bench_stack: %s: dbghelp %s\n", impl, path);
    SymSetOptions(SymGetOptions() | SYMOPT_LOAD_LINES | SYMOPT_DEFERRED_LOADS | SYMOPT_UNDNAME);
    if (!SymInitialize(GetCurrentProcess(), NULL, TRUE))
    {
        printf("bench_stack: SymInitialize failed, error %lu\n", GetLastError());
        return 1;
    }
    ret = bench_recurse(DEPTH);
    SymCleanup(GetCurrentProcess());
    return ret;
}
