/*
 * stack.c: StackWalk64 / StackWalkEx / StackWalk and SymFunctionTableAccess*:
 * walking the current thread, a suspended thread and a crashed child
 * process under the debug API; i386 walks over a synthetic stack; every
 * error path.
 *
 * Frames are identified by address ranges: the test's own functions are
 * found with RtlLookupFunctionEntry (ntdll, not dbghelp), so the checks do
 * not depend on symbol loading.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "capture_context.h"

#define FAKE_PROCESS ((HANDLE)(ULONG_PTR)0xcafef00d)
#define MAX_FRAMES 100

#ifndef SYM_STKWALK_FORCE_FRAMEPTR
#define SYM_STKWALK_FORCE_FRAMEPTR 1
#endif
#define IFC_INLINE  0x40000000
#define IFC_REGULAR 0x80000000

typedef BOOL (WINAPI *StackWalkEx_fn)(DWORD, HANDLE, HANDLE, STACKFRAME_EX *, PVOID,
                                      PREAD_PROCESS_MEMORY_ROUTINE64, PFUNCTION_TABLE_ACCESS_ROUTINE64,
                                      PGET_MODULE_BASE_ROUTINE64, PTRANSLATE_ADDRESS_ROUTINE64, DWORD);
typedef PVOID (WINAPI *FTAccessRoutines_fn)(HANDLE, DWORD64, PREAD_PROCESS_MEMORY_ROUTINE64,
                                            PGET_MODULE_BASE_ROUTINE64);
static StackWalkEx_fn pStackWalkEx;
static FTAccessRoutines_fn pSymFunctionTableAccess64AccessRoutines;

static BOOL is_ours(void) { return wtest_platform == WTEST_OURS; }

#ifdef _WIN64
#define MACHINE IMAGE_FILE_MACHINE_AMD64
#define CTX_PC(c) ((c)->Rip)
#define CTX_SP(c) ((c)->Rsp)
#define CTX_FP(c) ((c)->Rbp)
#else
#define MACHINE IMAGE_FILE_MACHINE_I386
#define CTX_PC(c) ((c)->Eip)
#define CTX_SP(c) ((c)->Esp)
#define CTX_FP(c) ((c)->Ebp)
#endif

/* [begin, end) of the function holding addr in this process. */
struct range { DWORD64 begin, end; };
static BOOL fn_range(const void *fn, struct range *r)
{
#ifdef _WIN64
    DWORD64 base;
    PRUNTIME_FUNCTION rf = RtlLookupFunctionEntry((DWORD64)(ULONG_PTR)fn, &base, NULL);

    if (!rf) return FALSE;
    r->begin = base + rf->BeginAddress;
    r->end = base + rf->EndAddress;
#else
    r->begin = (DWORD64)(ULONG_PTR)fn;
    r->end = r->begin + 0x100;
#endif
    return TRUE;
}

static BOOL in_fn(DWORD64 pc, const void *fn, DWORD64 delta)
{
    struct range r;

    return fn_range(fn, &r) && pc > r.begin + delta && pc <= r.end + delta;
}

static void frame_init(STACKFRAME64 *frame, const CONTEXT *ctx)
{
    memset(frame, 0, sizeof(*frame));
    frame->AddrPC.Offset = CTX_PC(ctx);
    frame->AddrPC.Mode = AddrModeFlat;
    frame->AddrStack.Offset = CTX_SP(ctx);
    frame->AddrStack.Mode = AddrModeFlat;
    frame->AddrFrame.Offset = CTX_FP(ctx);
    frame->AddrFrame.Mode = AddrModeFlat;
}

/* Walk to the end; returns the number of frames and their pcs. */
static unsigned walk_all(HANDLE process, HANDLE thread, CONTEXT *ctx, DWORD64 *pcs, DWORD *end_error)
{
    STACKFRAME64 frame;
    unsigned n = 0;

    frame_init(&frame, ctx);
    while (n < MAX_FRAMES)
    {
        SetLastError(0xdeadbeef);
        if (!StackWalk64(MACHINE, process, thread, &frame, ctx, NULL, SymFunctionTableAccess64,
                         SymGetModuleBase64, NULL))
            break;
        pcs[n++] = frame.AddrPC.Offset;
        if (!frame.AddrReturn.Offset) break;
    }
    if (end_error)
    {
        SetLastError(0xdeadbeef);
        ok(!StackWalk64(MACHINE, process, thread, &frame, ctx, NULL, SymFunctionTableAccess64,
                        SymGetModuleBase64, NULL), "walk went on after the last frame\n");
        *end_error = GetLastError();
    }
    return n;
}

/* ---- names of the frames ----------------------------------------------- */

/* The walked frames must carry the expected function names through
 * SymFromAddr (a caller's pc is a return address: its call is at pc - 1).
 * The test program is built with DWARF (gcc 12: DWARF 5) and these
 * functions are static: Microsoft's dbghelp, which reads no DWARF, has no
 * name for them, nor has Wine 8's builtin, which reads no DWARF 5. */
static void check_frame_names(HANDLE process, const DWORD64 *pcs, unsigned n,
                              const char *const *names, unsigned count)
{
    char buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    DWORD64 disp;
    unsigned i;
    BOOL ret;

    for (i = 0; i < count && i < n; i++)
    {
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ret = SymFromAddr(process, pcs[i] - (i ? 1 : 0), &disp, si);
        todo_wine ok((ret && !strcmp(si->Name, names[i])) ||
                     broken(wtest_platform == WTEST_WINDOWS),
                     "frame %u at %I64x: %s, expected %s\n", i, pcs[i], ret ? si->Name : "(no symbol)",
                     names[i]);
    }
}

/* ---- the current thread ------------------------------------------------ */

static volatile int sink;
static void check_current(CONTEXT *ctx);

static __attribute__((noinline)) int chain_f1(int x)
{
    CONTEXT ctx;

    capture_context(&ctx);
    check_current(&ctx);
    sink += x;
    return sink + 1;
}

static __attribute__((noinline)) int chain_f2(int x)
{
    int r = chain_f1(x + 1);

    sink += r;
    return r + 2;
}

static __attribute__((noinline)) int chain_f3(int x)
{
    int r = chain_f2(x + 1);

    sink += r;
    return r + 3;
}

static __attribute__((noinline)) void test_current_thread(void)
{
    sink += chain_f3(1);
}

static __attribute__((noinline)) void check_current(CONTEXT *ctx)
{
    CONTEXT copy = *ctx, ctx2 = *ctx;
    STACKFRAME64 frame;
    STACKFRAME_EX ex;
    DWORD64 pcs[MAX_FRAMES];
    DWORD err;
    unsigned n, i;
    BOOL ret;

    /* The first call completes the frame: the pc and the stack stay, the
     * return address is the caller's. */
    frame_init(&frame, &copy);
    ret = StackWalk64(MACHINE, GetCurrentProcess(), GetCurrentThread(), &frame, &copy, NULL,
                      SymFunctionTableAccess64, SymGetModuleBase64, NULL);
    ok(ret, "first call failed: %lu\n", GetLastError());
    ok(frame.AddrPC.Offset == CTX_PC(ctx), "pc %I64x, expected %I64x\n", frame.AddrPC.Offset,
       (DWORD64)CTX_PC(ctx));
    ok(frame.AddrStack.Offset == CTX_SP(ctx), "stack %I64x, expected %I64x\n", frame.AddrStack.Offset,
       (DWORD64)CTX_SP(ctx));
    ok(in_fn(frame.AddrReturn.Offset, chain_f2, 0), "return %I64x not in chain_f2\n", frame.AddrReturn.Offset);
    ok(frame.AddrPC.Mode == AddrModeFlat && frame.AddrReturn.Mode == AddrModeFlat, "modes %u %u\n",
       frame.AddrPC.Mode, frame.AddrReturn.Mode);
#ifdef _WIN64
    /* Wine's builtin leaves FuncTableEntry NULL. */
    todo_wine ok(frame.FuncTableEntry != NULL, "no function table entry\n");
    /* The context describes the frame reported: still the first one (as
     * Wine's builtin leaves it, and as winedbg, which keeps every frame's
     * context for its `info locals` and `print`, reads it). */
    ok(copy.Rip == ctx->Rip && copy.Rsp == ctx->Rsp, "context rip %I64x rsp %I64x\n", copy.Rip, copy.Rsp);
#endif
    ret = StackWalk64(MACHINE, GetCurrentProcess(), GetCurrentThread(), &frame, &copy, NULL,
                      SymFunctionTableAccess64, SymGetModuleBase64, NULL);
    ok(ret && in_fn(frame.AddrPC.Offset, chain_f2, 0), "second frame %I64x not in chain_f2\n",
       frame.AddrPC.Offset);
    ok(frame.AddrStack.Offset > CTX_SP(ctx), "second frame's stack %I64x\n", frame.AddrStack.Offset);
    /* Now the caller's. */
    ok(CTX_PC(&copy) == frame.AddrPC.Offset && CTX_SP(&copy) == frame.AddrStack.Offset,
       "context pc %I64x sp %I64x, frame pc %I64x sp %I64x\n", (DWORD64)CTX_PC(&copy),
       (DWORD64)CTX_SP(&copy), frame.AddrPC.Offset, frame.AddrStack.Offset);

    /* The whole walk, frame by frame. */
    copy = *ctx;
    n = walk_all(GetCurrentProcess(), GetCurrentThread(), &copy, pcs, &err);
    ok(n >= 5 && n < MAX_FRAMES, "%u frames\n", n);
    if (n >= 5)
    {
        ok(in_fn(pcs[0], chain_f1, 0), "frame 0 %I64x not in chain_f1\n", pcs[0]);
        ok(in_fn(pcs[1], chain_f2, 0), "frame 1 %I64x not in chain_f2\n", pcs[1]);
        ok(in_fn(pcs[2], chain_f3, 0), "frame 2 %I64x not in chain_f3\n", pcs[2]);
        ok(in_fn(pcs[3], test_current_thread, 0), "frame 3 %I64x not in test_current_thread\n", pcs[3]);
    }
    {
        static const char *const names[] = { "chain_f1", "chain_f2", "chain_f3", "test_current_thread" };

        check_frame_names(GetCurrentProcess(), pcs, n, names, 4);
    }
    if (n < 5) for (i = 0; i < n; i++) trace("frame %u: %I64x\n", i, pcs[i]);
    todo_wine ok(err == ERROR_NO_MORE_ITEMS, "after the last frame: error %lu\n", err);

    /* StackWalkEx gives the same frames, regular ones here. */
    if (!pStackWalkEx)
    {
        win_skip("StackWalkEx not exported\n");
        return;
    }
    memset(&ex, 0, sizeof(ex));
    ex.AddrPC.Offset = CTX_PC(ctx); ex.AddrPC.Mode = AddrModeFlat;
    ex.AddrStack.Offset = CTX_SP(ctx); ex.AddrStack.Mode = AddrModeFlat;
    ex.AddrFrame.Offset = CTX_FP(ctx); ex.AddrFrame.Mode = AddrModeFlat;
    ex.StackFrameSize = sizeof(ex);
    for (i = 0; i < 4 && i < n; i++)
    {
        ret = pStackWalkEx(MACHINE, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx2, NULL,
                           SymFunctionTableAccess64, SymGetModuleBase64, NULL, 0);
        ok(ret, "StackWalkEx frame %u failed: %lu\n", i, GetLastError());
        ok(ex.AddrPC.Offset == pcs[i], "StackWalkEx frame %u: %I64x, expected %I64x\n", i, ex.AddrPC.Offset,
           pcs[i]);
        ok(ex.InlineFrameContext == IFC_REGULAR, "frame %u: inline context %lx\n", i, ex.InlineFrameContext);
    }
    /* An inline context with no inline site at the pc goes to the regular
     * frame without unwinding. */
    ex.InlineFrameContext = IFC_INLINE;
    {
        DWORD64 pc = ex.AddrPC.Offset;

        ret = pStackWalkEx(MACHINE, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx2, NULL,
                           SymFunctionTableAccess64, SymGetModuleBase64, NULL, 0);
        ok(ret && ex.AddrPC.Offset == pc && ex.InlineFrameContext == IFC_REGULAR,
           "inline step: ret %d pc %I64x ctx %lx\n", ret, ex.AddrPC.Offset, ex.InlineFrameContext);
    }
    /* SYM_STKWALK_FORCE_FRAMEPTR is a documented flag. */
    ret = pStackWalkEx(MACHINE, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx2, NULL,
                       SymFunctionTableAccess64, SymGetModuleBase64, NULL, SYM_STKWALK_FORCE_FRAMEPTR);
    todo_wine ok(ret, "FORCE_FRAMEPTR refused: %lu\n", GetLastError());
}

/* ---- a suspended thread ------------------------------------------------- */

static volatile LONG spin_stop, spin_started;

static __attribute__((noinline)) int spin_f1(int x)
{
    InterlockedExchange(&spin_started, 1);
    while (!spin_stop) sink += x;
    return sink + 1;
}

static __attribute__((noinline)) int spin_f2(int x)
{
    int r = spin_f1(x + 1);

    sink += r;
    return r + 2;
}

static __attribute__((noinline)) DWORD WINAPI spin_thread(void *arg)
{
    int r = spin_f2(3);

    sink += r;
    return 0;
}

static void test_suspended_thread(void)
{
    DWORD64 pcs[MAX_FRAMES];
    CONTEXT ctx;
    HANDLE thread;
    DWORD err;
    unsigned n;

    spin_stop = 0;
    spin_started = 0;
    thread = CreateThread(NULL, 0, spin_thread, NULL, 0, NULL);
    ok(thread != NULL, "CreateThread failed\n");
    if (!thread) return;
    while (!spin_started) Sleep(1);
    SuspendThread(thread);
    memset(&ctx, 0, sizeof(ctx));
    ctx.ContextFlags = CONTEXT_FULL;
    ok(GetThreadContext(thread, &ctx), "GetThreadContext failed\n");
    n = walk_all(GetCurrentProcess(), thread, &ctx, pcs, &err);
    ok(n >= 3 && n < MAX_FRAMES, "%u frames\n", n);
    if (n >= 3)
    {
        ok(in_fn(pcs[0], spin_f1, (DWORD64)-1), "frame 0 %I64x not in spin_f1\n", pcs[0]);
        ok(in_fn(pcs[1], spin_f2, 0), "frame 1 %I64x not in spin_f2\n", pcs[1]);
        ok(in_fn(pcs[2], spin_thread, 0), "frame 2 %I64x not in spin_thread\n", pcs[2]);
    }
    {
        static const char *const names[] = { "spin_f1", "spin_f2", "spin_thread" };

        check_frame_names(GetCurrentProcess(), pcs, n, names, 3);
    }
    spin_stop = 1;
    ResumeThread(thread);
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
}

/* ---- a crashed child under the debug API -------------------------------- */

static __attribute__((noinline)) int crash_f1(volatile int *p)
{
    *p = 1;
    return sink + 1;
}

static __attribute__((noinline)) int crash_f2(volatile int *p)
{
    int r = crash_f1(p);

    sink += r;
    return r + 2;
}

static __attribute__((noinline)) int crash_f3(volatile int *p)
{
    int r = crash_f2(p);

    sink += r;
    return r + 3;
}

static __attribute__((noinline)) void child_main(void)
{
    RemoveDirectoryA(wtest_tmpdir);
    crash_f3(NULL);
    ExitProcess(0);
}

static void test_child_process(void)
{
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DEBUG_EVENT ev;
    HANDLE null_out, main_thread = NULL;
    DWORD64 child_base = 0, my_base = (DWORD64)(ULONG_PTR)GetModuleHandleA(NULL);
    BOOL walked = FALSE, done = FALSE, ret;

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" stack", exe);
    null_out = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0,
                           NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = si.hStdError = null_out;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    SetEnvironmentVariableA("WTEST_STACK_CHILD", "1");
    ret = CreateProcessA(NULL, cmd, NULL, NULL, TRUE, DEBUG_ONLY_THIS_PROCESS, NULL, NULL, &si, &pi);
    SetEnvironmentVariableA("WTEST_STACK_CHILD", NULL);
    CloseHandle(null_out);
    ok(ret, "CreateProcess failed: %lu\n", GetLastError());
    if (!ret) return;

    while (!done && WaitForDebugEvent(&ev, 10000))
    {
        DWORD status = DBG_CONTINUE;

        switch (ev.dwDebugEventCode)
        {
        case CREATE_PROCESS_DEBUG_EVENT:
            child_base = (DWORD64)(ULONG_PTR)ev.u.CreateProcessInfo.lpBaseOfImage;
            main_thread = ev.u.CreateProcessInfo.hThread;
            ok(SymInitialize(pi.hProcess, NULL, FALSE), "SymInitialize failed: %lu\n", GetLastError());
            ok(SymLoadModuleEx(pi.hProcess, ev.u.CreateProcessInfo.hFile, exe, NULL, child_base, 0, NULL, 0)
               == child_base, "SymLoadModuleEx failed: %lu\n", GetLastError());
            if (ev.u.CreateProcessInfo.hFile) CloseHandle(ev.u.CreateProcessInfo.hFile);
            break;
        case LOAD_DLL_DEBUG_EVENT:
            if (ev.u.LoadDll.hFile)
            {
                SymLoadModuleEx(pi.hProcess, ev.u.LoadDll.hFile, NULL, NULL,
                                (DWORD64)(ULONG_PTR)ev.u.LoadDll.lpBaseOfDll, 0, NULL, 0);
                CloseHandle(ev.u.LoadDll.hFile);
            }
            break;
        case EXCEPTION_DEBUG_EVENT:
            if (ev.u.Exception.ExceptionRecord.ExceptionCode == EXCEPTION_ACCESS_VIOLATION && !walked)
            {
                DWORD64 pcs[MAX_FRAMES], delta = child_base - my_base;
                CONTEXT ctx;
                unsigned n;

                walked = TRUE;
                memset(&ctx, 0, sizeof(ctx));
                ctx.ContextFlags = CONTEXT_FULL;
                ok(GetThreadContext(main_thread, &ctx), "GetThreadContext failed: %lu\n", GetLastError());
                n = walk_all(pi.hProcess, main_thread, &ctx, pcs, NULL);
                ok(n >= 4, "child: %u frames\n", n);
                if (n >= 4)
                {
                    ok(in_fn(pcs[0], crash_f1, delta - 1), "child frame 0 %I64x not in crash_f1\n", pcs[0]);
                    ok(in_fn(pcs[1], crash_f2, delta), "child frame 1 %I64x not in crash_f2\n", pcs[1]);
                    ok(in_fn(pcs[2], crash_f3, delta), "child frame 2 %I64x not in crash_f3\n", pcs[2]);
                    ok(in_fn(pcs[3], child_main, delta), "child frame 3 %I64x not in child_main\n", pcs[3]);
                }
                TerminateProcess(pi.hProcess, 3);
            }
            else if (ev.u.Exception.ExceptionRecord.ExceptionCode != EXCEPTION_BREAKPOINT)
                status = DBG_EXCEPTION_NOT_HANDLED;
            break;
        case EXIT_PROCESS_DEBUG_EVENT:
            done = TRUE;
            break;
        }
        ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, status);
    }
    ok(walked, "the child did not crash\n");
    ok(done, "the child did not exit\n");
    SymCleanup(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

/* ---- i386 over a synthetic stack ---------------------------------------- */

/* Fake 32-bit memory: an EBP chain at 0x100000. */
#define FAKE_STACK 0x100000u
static DWORD fake_stack[64];
static unsigned fake_reads;

static BOOL CALLBACK fake_read(HANDLE process, DWORD64 addr, PVOID buf, DWORD len, LPDWORD got)
{
    fake_reads++;
    if (addr < FAKE_STACK || addr + len > FAKE_STACK + sizeof(fake_stack)) return FALSE;
    memcpy(buf, (char *)fake_stack + (addr - FAKE_STACK), len);
    if (got) *got = len;
    return TRUE;
}

static PVOID CALLBACK fake_table(HANDLE process, DWORD64 addr) { return NULL; }
static DWORD64 CALLBACK fake_base(HANDLE process, DWORD64 addr) { return 0; }

static void test_i386_fp_chain(void)
{
    STACKFRAME64 frame;
    WOW64_CONTEXT ctx;
    BOOL ret;

    memset(fake_stack, 0, sizeof(fake_stack));
    fake_stack[4] = FAKE_STACK + 0x40;   /* frame at +0x10: saved ebp */
    fake_stack[5] = 0x401111;            /* return address */
    fake_stack[6] = 0x1234;              /* first argument, at ebp+8 */
    fake_stack[16] = 0;                  /* frame at +0x40: end of chain */
    fake_stack[17] = 0x402222;
    memset(&frame, 0, sizeof(frame));
    frame.AddrPC.Offset = 0x400500; frame.AddrPC.Mode = AddrModeFlat;
    frame.AddrFrame.Offset = FAKE_STACK + 0x10; frame.AddrFrame.Mode = AddrModeFlat;
    frame.AddrStack.Offset = FAKE_STACK; frame.AddrStack.Mode = AddrModeFlat;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Eip = 0x400500;
    ctx.Ebp = FAKE_STACK + 0x10;
    ctx.Esp = FAKE_STACK;

    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, fake_read, fake_table,
                      fake_base, NULL);
    ok(ret, "i386 frame 0 failed: %lu\n", GetLastError());
    if (!ret) return;
    ok(frame.AddrPC.Offset == 0x400500 && frame.AddrReturn.Offset == 0x401111
       && frame.AddrFrame.Offset == FAKE_STACK + 0x10, "frame 0: pc %I64x ret %I64x frame %I64x\n",
       frame.AddrPC.Offset, frame.AddrReturn.Offset, frame.AddrFrame.Offset);
    ok(frame.Params[0] == 0x1234, "frame 0: param %I64x\n", frame.Params[0]);
    /* The context describes the frame reported (see check_current). */
    ok(ctx.Eip == 0x400500 && ctx.Ebp == FAKE_STACK + 0x10 && ctx.Esp == FAKE_STACK,
       "context: eip %lx ebp %lx esp %lx\n", ctx.Eip, ctx.Ebp, ctx.Esp);
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, fake_read, fake_table,
                      fake_base, NULL);
    ok(ret && frame.AddrPC.Offset == 0x401111 && frame.AddrReturn.Offset == 0x402222
       && frame.AddrFrame.Offset == FAKE_STACK + 0x40, "frame 1: ret %d pc %I64x ret %I64x\n", ret,
       frame.AddrPC.Offset, frame.AddrReturn.Offset);
    ok(ctx.Eip == 0x401111 && ctx.Ebp == FAKE_STACK + 0x40 && ctx.Esp == FAKE_STACK + 0x18,
       "context: eip %lx ebp %lx esp %lx\n", ctx.Eip, ctx.Ebp, ctx.Esp);
    /* The chain ends with a saved ebp of 0. */
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, fake_read, fake_table,
                      fake_base, NULL);
    ok(!ret, "walked past the end of the chain: pc %I64x\n", frame.AddrPC.Offset);

    /* Without a context, the frame carries the walk. */
    memset(&frame, 0, sizeof(frame));
    frame.AddrPC.Offset = 0x400500; frame.AddrPC.Mode = AddrModeFlat;
    frame.AddrFrame.Offset = FAKE_STACK + 0x10; frame.AddrFrame.Mode = AddrModeFlat;
    frame.AddrStack.Offset = FAKE_STACK; frame.AddrStack.Mode = AddrModeFlat;
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, NULL, fake_read, fake_table,
                      fake_base, NULL);
    ok(ret && frame.AddrReturn.Offset == 0x401111, "no context, frame 0: ret %d\n", ret);
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, NULL, fake_read, fake_table,
                      fake_base, NULL);
    ok(ret && frame.AddrPC.Offset == 0x401111 && frame.AddrFrame.Offset == FAKE_STACK + 0x40
       && frame.AddrReturn.Offset == 0x402222, "no context, frame 1: ret %d pc %I64x\n", ret,
       frame.AddrPC.Offset);

    /* A loop in the chain ends the walk. */
    fake_stack[16] = FAKE_STACK + 0x10;
    memset(&frame, 0, sizeof(frame));
    frame.AddrPC.Offset = 0x400500; frame.AddrPC.Mode = AddrModeFlat;
    frame.AddrFrame.Offset = FAKE_STACK + 0x10; frame.AddrFrame.Mode = AddrModeFlat;
    frame.AddrStack.Offset = FAKE_STACK; frame.AddrStack.Mode = AddrModeFlat;
    {
        unsigned n = 0;

        while (n < MAX_FRAMES && StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, NULL,
                                             fake_read, fake_table, fake_base, NULL))
            n++;
        /* Wine's builtin follows the loop forever. */
        todo_wine ok(n == 1, "looping chain: %u frames\n", n);
    }
}

/* A frame with neither CFI nor an EBP chain: the walker scans the stack for
 * a value that points just after a call instruction in a known module, as
 * Microsoft's walker does for frames without frame data.  The fake module
 * at 0x500000 has a call rel32 ending at 0x500015; the stack holds a value
 * outside any module, one inside that follows no call, then the real
 * return address. */
#define FAKE_CODE 0x500000u
static BYTE fake_code[0x40];

static BOOL CALLBACK scan_read(HANDLE process, DWORD64 addr, PVOID buf, DWORD len, LPDWORD got)
{
    if (addr >= FAKE_CODE && addr + len <= FAKE_CODE + sizeof(fake_code))
    {
        memcpy(buf, fake_code + (addr - FAKE_CODE), len);
        if (got) *got = len;
        return TRUE;
    }
    return fake_read(process, addr, buf, len, got);
}

static DWORD64 CALLBACK scan_base(HANDLE process, DWORD64 addr)
{
    return addr >= FAKE_CODE && addr < FAKE_CODE + 0x1000 ? FAKE_CODE : 0;
}

static void test_i386_scan(void)
{
    STACKFRAME64 frame;
    WOW64_CONTEXT ctx;
    BOOL ret;

    memset(fake_code, 0, sizeof(fake_code));
    fake_code[0x10] = 0xe8;                  /* call rel32 at 0x500010 */
    fake_code[0x21] = 0xff;                  /* call *%eax at 0x500021 */
    fake_code[0x22] = 0xd0;
    memset(fake_stack, 0, sizeof(fake_stack));
    fake_stack[0] = 0x12345;                 /* in no module */
    fake_stack[1] = FAKE_CODE + 3;           /* in the module, after no call */
    fake_stack[2] = FAKE_CODE + 0x15;        /* the return address */
    fake_stack[5] = FAKE_CODE + 0x23;        /* the caller's */
    memset(&frame, 0, sizeof(frame));
    frame.AddrPC.Offset = 0x400500; frame.AddrPC.Mode = AddrModeFlat;
    frame.AddrStack.Offset = FAKE_STACK; frame.AddrStack.Mode = AddrModeFlat;
    memset(&ctx, 0, sizeof(ctx));
    ctx.Eip = 0x400500;
    ctx.Esp = FAKE_STACK;
    ctx.Ebp = 0;                             /* no frame pointer */

    SetLastError(0xdeadbeef);
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, scan_read, fake_table,
                      scan_base, NULL);
    todo_wine ok(ret && frame.AddrReturn.Offset == FAKE_CODE + 0x15,
                 "frame 0: ret %d (error %lu) return %I64x\n", ret, ret ? 0 : GetLastError(),
                 frame.AddrReturn.Offset);
    if (!ret) return;
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, scan_read, fake_table,
                      scan_base, NULL);
    ok(ret && frame.AddrPC.Offset == FAKE_CODE + 0x15 && frame.AddrStack.Offset == FAKE_STACK + 12 &&
       frame.AddrReturn.Offset == FAKE_CODE + 0x23,
       "frame 1: ret %d pc %I64x stack %I64x return %I64x\n", ret, frame.AddrPC.Offset,
       frame.AddrStack.Offset, frame.AddrReturn.Offset);
    /* Nothing more above: the walk ends, the scan bounded by what reads. */
    SetLastError(0xdeadbeef);
    ret = StackWalk64(IMAGE_FILE_MACHINE_I386, FAKE_PROCESS, NULL, &frame, &ctx, scan_read, fake_table,
                      scan_base, NULL);
    ok(!ret, "walked past the last return address: pc %I64x\n", frame.AddrPC.Offset);
}

/* ---- errors --------------------------------------------------------------- */

static void test_errors(void)
{
    STACKFRAME64 frame;
    STACKFRAME_EX ex;
    CONTEXT ctx;
    BOOL ret;

    capture_context(&ctx);
    frame_init(&frame, &ctx);
    SetLastError(0xdeadbeef);
    ret = StackWalk64(0x1234, GetCurrentProcess(), GetCurrentThread(), &frame, &ctx, NULL,
                      SymFunctionTableAccess64, SymGetModuleBase64, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "unknown machine: ret %d error %lu\n", ret,
       GetLastError());

    /* Wine's builtin dereferences both without checking. */
    if (is_ours())
    {
        SetLastError(0xdeadbeef);
        ret = StackWalk64(MACHINE, GetCurrentProcess(), GetCurrentThread(), NULL, &ctx, NULL,
                          SymFunctionTableAccess64, SymGetModuleBase64, NULL);
        ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL frame: ret %d error %lu\n", ret,
           GetLastError());
#ifdef _WIN64
        SetLastError(0xdeadbeef);
        ret = StackWalk64(MACHINE, GetCurrentProcess(), GetCurrentThread(), &frame, NULL, NULL,
                          SymFunctionTableAccess64, SymGetModuleBase64, NULL);
        ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL x64 context: ret %d error %lu\n", ret,
           GetLastError());
#endif
    }
    else skip("NULL frame and NULL x64 context crash Wine's builtin\n");

    /* The default routines need SymInitialize: without it the walk would
     * treat every function as a leaf.  The 32-bit builtin walks the EBP
     * chain without asking. */
    frame_init(&frame, &ctx);
    SetLastError(0xdeadbeef);
    ret = StackWalk64(MACHINE, GetCurrentProcess(), GetCurrentThread(), &frame, &ctx, NULL, NULL, NULL, NULL);
    todo_wine_if(WTEST_32BIT)
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "not initialised: ret %d error %lu\n", ret,
       GetLastError());

    if (!pStackWalkEx) return;
    capture_context(&ctx);
    memset(&ex, 0, sizeof(ex));
    ex.AddrPC.Offset = CTX_PC(&ctx); ex.AddrPC.Mode = AddrModeFlat;
    ex.AddrStack.Offset = CTX_SP(&ctx); ex.AddrStack.Mode = AddrModeFlat;
    ex.StackFrameSize = sizeof(ex) - 4;
    SetLastError(0xdeadbeef);
    ret = pStackWalkEx(MACHINE, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx, NULL,
                       SymFunctionTableAccess64, SymGetModuleBase64, NULL, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "wrong size: ret %d error %lu\n", ret, GetLastError());
    ex.StackFrameSize = sizeof(ex);
    SetLastError(0xdeadbeef);
    ret = pStackWalkEx(MACHINE, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx, NULL,
                       SymFunctionTableAccess64, SymGetModuleBase64, NULL, 2);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "bad flags: ret %d error %lu\n", ret, GetLastError());
    SetLastError(0xdeadbeef);
    ret = pStackWalkEx(0x1234, GetCurrentProcess(), GetCurrentThread(), &ex, &ctx, NULL,
                       SymFunctionTableAccess64, SymGetModuleBase64, NULL, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "Ex unknown machine: ret %d error %lu\n", ret,
       GetLastError());
}

/* ---- function tables ------------------------------------------------------ */

#ifdef _WIN64
static unsigned routine_reads;
static BOOL CALLBACK counting_read(HANDLE process, DWORD64 addr, PVOID buf, DWORD len, LPDWORD got)
{
    SIZE_T done = 0;

    routine_reads++;
    if (!ReadProcessMemory(GetCurrentProcess(), (void *)(ULONG_PTR)addr, buf, len, &done)) return FALSE;
    if (got) *got = (DWORD)done;
    return TRUE;
}
#endif

static void test_function_tables(void)
{
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 64];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    DWORD64 base, addr = (DWORD64)(ULONG_PTR)chain_f2;
    PVOID p1, p2;
    BOOL ret;

    SetLastError(0xdeadbeef);
    p1 = SymFunctionTableAccess64(FAKE_PROCESS, addr);
    ok(!p1, "not initialised: %p\n", p1);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "not initialised: error %lu\n", GetLastError());

#ifdef _WIN64
    {
        DWORD64 rbase;
        PRUNTIME_FUNCTION rf = RtlLookupFunctionEntry(addr, &rbase, NULL);
        struct range r = { 0, 0 };

        /* Our own image, read from memory. */
        ok(SymInitialize(GetCurrentProcess(), NULL, TRUE), "SymInitialize failed: %lu\n", GetLastError());
        p1 = SymFunctionTableAccess64(GetCurrentProcess(), addr);
        fn_range(chain_f2, &r);
        p2 = SymFunctionTableAccess64(GetCurrentProcess(), r.end - 1);
        ok(p1 && p1 == p2, "entries %p %p\n", p1, p2);
        ok(p1 && rf && !memcmp(p1, rf, sizeof(*rf)), "entry differs from RtlLookupFunctionEntry's\n");
        ok(SymFunctionTableAccess64(GetCurrentProcess(), addr) == p1, "pointer changed\n");
        ok(SymFunctionTableAccess(GetCurrentProcess(), addr) == p1, "SymFunctionTableAccess differs\n");
        /* One storage area for every entry, overwritten by the next call
         * (Wine's dbghelp tests, passing on Windows, check this for two
         * functions of the main module and one of kernel32). */
        {
            DWORD64 k32 = (DWORD64)(ULONG_PTR)GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                             "CreateFileMappingA");
            const RUNTIME_FUNCTION *e;

            p2 = SymFunctionTableAccess64(GetCurrentProcess(), (DWORD64)(ULONG_PTR)chain_f3);
            e = p2;
            todo_wine ok(p2 == p1, "entries of two functions at %p and %p\n", p1, p2);
            ok(e && e->BeginAddress == (DWORD64)(ULONG_PTR)chain_f3 - (DWORD64)(ULONG_PTR)GetModuleHandleA(NULL),
               "entry of chain_f3 begins at %#lx\n", e ? e->BeginAddress : 0);
            p2 = SymFunctionTableAccess64(GetCurrentProcess(), k32);
            e = p2;
            todo_wine ok(p2 == p1, "entries of chain_f2 and kernel32 at %p and %p\n", p1, p2);
            ok(e && e->BeginAddress == k32 - (DWORD64)(ULONG_PTR)GetModuleHandleA("kernel32.dll") &&
               e->BeginAddress < e->EndAddress && !(e->UnwindData & 1),
               "kernel32 entry %#lx-%#lx unwind %#lx\n", e ? e->BeginAddress : 0, e ? e->EndAddress : 0,
               e ? e->UnwindData : 0);
        }
        SetLastError(0xdeadbeef);
        p2 = SymFunctionTableAccess64(GetCurrentProcess(), 0x10);
        ok(!p2, "no module: %p\n", p2);
        ok(GetLastError() == ERROR_MOD_NOT_FOUND, "no module: error %lu\n", GetLastError());
        if (pSymFunctionTableAccess64AccessRoutines)
        {
            routine_reads = 0;
            p2 = pSymFunctionTableAccess64AccessRoutines(GetCurrentProcess(), addr, counting_read, NULL);
            ok(p2 && !memcmp(p2, rf, sizeof(*rf)), "AccessRoutines entry %p\n", p2);
        }
        else skip("SymFunctionTableAccess64AccessRoutines not exported\n");
        SymCleanup(GetCurrentProcess());
    }

    /* A module read from its file (not mapped in the handle's process). */
    ok(SymInitialize(FAKE_PROCESS, NULL, FALSE), "SymInitialize failed\n");
    snprintf(path, sizeof(path), "%sfixa.dll", wtest_fixtures);
    base = SymLoadModuleEx(FAKE_PROCESS, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base != 0, "SymLoadModuleEx failed: %lu\n", GetLastError());
    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 64;
    ret = SymFromName(FAKE_PROCESS, "fixture_add", si);
    ok(ret, "SymFromName failed: %lu\n", GetLastError());
    if (ret)
    {
        const RUNTIME_FUNCTION *e;

        p1 = SymFunctionTableAccess64(FAKE_PROCESS, si->Address);
        e = p1;
        ok(p1 != NULL, "no entry for fixture_add\n");
        ok(e && base + e->BeginAddress == si->Address, "entry begins at %I64x, function at %I64x\n",
           e ? base + e->BeginAddress : 0, si->Address);
        ok(SymFunctionTableAccess64(FAKE_PROCESS, si->Address + 1) == p1, "pointer changed\n");
        ok(SymUnloadModule64(FAKE_PROCESS, base), "unload failed\n");
        SetLastError(0xdeadbeef);
        ok(!SymFunctionTableAccess64(FAKE_PROCESS, si->Address), "entry after unload\n");
    }
    SymCleanup(FAKE_PROCESS);
#else
    (void)path; (void)buf; (void)si; (void)base; (void)p2; (void)ret;
    skip("function tables are x64 only\n");
#endif
}

static void test_exports(void)
{
    HMODULE imagehlp = GetModuleHandleA("imagehlp.dll");
    FARPROC sw = wtest_dbghelp_proc("StackWalk");

    /* Microsoft's 64-bit DLL exports StackWalk as an alias of StackWalk64. */
    ok(sw != NULL, "StackWalk not exported\n");
    todo_wine ok(pSymFunctionTableAccess64AccessRoutines != NULL,
                 "SymFunctionTableAccess64AccessRoutines not exported\n");
    ok(pStackWalkEx != NULL, "StackWalkEx not exported\n");
    if (!imagehlp) imagehlp = LoadLibraryA("imagehlp.dll");
    ok(imagehlp && GetProcAddress(imagehlp, "StackWalk64") && GetProcAddress(imagehlp, "SymFunctionTableAccess64"),
       "imagehlp lacks the stack functions\n");
}

/* ---- i386 frame data (a PDB's) ----------------------------------------- */

#ifndef _WIN64
typedef void (__cdecl *fpo_callback)(void *ctx);
static DWORD64 fpo_pcs[MAX_FRAMES];
static unsigned fpo_frames;

static __attribute__((noinline)) void __cdecl fpo_cb(void *arg)
{
    CONTEXT ctx;

    (void)arg;
    capture_context(&ctx);
    fpo_frames = walk_all(GetCurrentProcess(), GetCurrentThread(), &ctx, fpo_pcs, NULL);
}

/* fixfpo.dll (clang -O2, no frame pointers, no unwind tables): fpo_entry
 * -> fpo_middle -> fpo_leaf -> fpo_cb, fpo_leaf with decoy return
 * addresses on its stack.  Only the PDB's frame data (FrameData records
 * and their programs) walks it right; a stack scan takes the decoy for
 * fpo_leaf's return address and skips fpo_middle.  Microsoft's walker
 * uses the frame data; Wine 8.0's builtin reads nothing of lld's PDBs. */
static __attribute__((noinline)) void test_i386_frame_data(void)
{
    static const char *const names[] = { "fpo_leaf", "fpo_middle", "fpo_entry" };
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    void (__cdecl *entry)(fpo_callback, void *);
    unsigned i, first = MAX_FRAMES;
    DWORD64 disp;
    HMODULE lib;

    snprintf(path, sizeof(path), "%sfixfpo.dll", wtest_fixtures);
    if (!(lib = LoadLibraryA(path)))
    {
        skip("fixfpo.dll not found (%lu)\n", GetLastError());
        return;
    }
    entry = (void *)GetProcAddress(lib, "fpo_entry");
    ok(entry != NULL, "no fpo_entry\n");
    ok(SymInitialize(GetCurrentProcess(), wtest_fixtures, TRUE), "SymInitialize: %lu\n", GetLastError());
    fpo_frames = 0;
    if (entry) entry(fpo_cb, NULL);
    ok(fpo_frames >= 5, "%u frames\n", fpo_frames);
    /* fpo_cb first, then the DLL's three frames, then this function. */
    ok(fpo_frames && in_fn(fpo_pcs[0], fpo_cb, 0), "frame 0 is not fpo_cb: %I64x\n", fpo_frames ? fpo_pcs[0] : 0);
    for (i = 1; i < fpo_frames; i++)
        if (fpo_pcs[i] >= (DWORD64)(ULONG_PTR)lib && fpo_pcs[i] < (DWORD64)(ULONG_PTR)lib + 0x10000)
        {
            first = i;
            break;
        }
    ok(first == 1, "the DLL's first frame is %u\n", first);
    for (i = 0; i < 3 && first + i < fpo_frames; i++)
    {
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        todo_wine ok(SymFromAddr(GetCurrentProcess(), fpo_pcs[first + i] - 1, &disp, si) &&
                     !strcmp(si->Name, names[i]), "frame %u at %I64x: %s, expected %s\n", first + i,
                     fpo_pcs[first + i], si->Name, names[i]);
    }
    /* Then this function (named from the test program's DWARF, which
     * Microsoft's dbghelp does not read). */
    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    todo_wine ok((first + 3 < fpo_frames && SymFromAddr(GetCurrentProcess(), fpo_pcs[first + 3] - 1, &disp, si) &&
                  !strcmp(si->Name, "test_i386_frame_data")) || broken(wtest_platform == WTEST_WINDOWS),
                 "the frame after fpo_entry is not the caller's: %I64x %s\n",
                 first + 3 < fpo_frames ? fpo_pcs[first + 3] : 0, si->Name);
    SymCleanup(GetCurrentProcess());
    FreeLibrary(lib);
}
#endif

START_TEST(stack)
{
    if (getenv("WTEST_STACK_CHILD"))
    {
        child_main();
        return;
    }
    pStackWalkEx = (StackWalkEx_fn)(void *)wtest_dbghelp_proc("StackWalkEx");
    pSymFunctionTableAccess64AccessRoutines =
        (FTAccessRoutines_fn)(void *)wtest_dbghelp_proc("SymFunctionTableAccess64AccessRoutines");
    test_exports();
    test_errors();
    test_function_tables();
    ok(SymInitialize(GetCurrentProcess(), NULL, TRUE), "SymInitialize failed: %lu\n", GetLastError());
    test_current_thread();
    test_suspended_thread();
    SymCleanup(GetCurrentProcess());
    test_i386_fp_chain();
    test_i386_scan();
#ifndef _WIN64
    test_i386_frame_data();
#endif
    test_child_process();
}
