/*
 * threads.c: module load/lookup/unload from several threads at once, and the
 * heap left behind by many modules.
 *
 * Microsoft documents every DbgHelp function as single-threaded; this
 * project's dbghelp promises more (DESIGN: lookups take a shared lock,
 * load/unload/cleanup an exclusive one), so the stress runs THREADS_MAX
 * threads against it.  Wine's builtin 8.0 keeps its module list without a
 * lock: with 4 threads it passed 7 trials, then lost a module in the 8th
 * (a racy list insert; the module could no longer be found nor unloaded).
 * So against Wine's builtin, and against Microsoft's DLL as its
 * documentation requires, the loop runs on one thread: the checks, and so
 * the expectations they encode, are the same; only the concurrency differs.
 *
 * Each thread works in its own address range: it loads virtual modules (and
 * now and then a copy of the fixture DLL), looks them up, enumerates, and
 * unloads them, counting failures.  One check per thread reports the counts.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

#define THREADS_HANDLE ((HANDLE)(ULONG_PTR)0x7ead5001)
#define HEAPTEST_HANDLE ((HANDLE)(ULONG_PTR)0x7ead5002)
#define WARMUP_HANDLE ((HANDLE)(ULONG_PTR)0x7ead5003)
#define THREADS_MAX 4
#define STRESS_MS 2000
#define SLOTS 6                       /* virtual modules per iteration */
#define VSIZE 0x10000
#define RANGE_BASE 0x0000004000000000ULL
#define RANGE_STEP 0x0000000100000000ULL  /* one range per thread */
#define SLOT_STEP 0x0000000000100000ULL
#define REAL_OFFSET 0x0000000008000000ULL /* the fixture copy in the range */
#define HEAP_SLACK (256 * 1024)
#define MANY 10000


struct worker
{
    int index;
    HANDLE thread;
    DWORD64 range;
    char fixture[MAX_PATH];   /* this thread's copy of fixa.dll, or "" */
    char modname[32];         /* its module name */
    DWORD deadline;
    /* counters */
    unsigned iterations, loads, real_loads;
    unsigned load_failed, load_ret_not_base, real_load_failed;
    unsigned base_failed, info_failed, enum_failed, symbol_failed;
    unsigned unload_failed, unload2_wrong, gone_failed;
    char first_error[160];
};

static unsigned nthreads;

static void note(struct worker *w, unsigned *counter, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(struct worker *w, unsigned *counter, const char *fmt, ...)
{
    va_list args;

    (*counter)++;
    if (w->first_error[0]) return;
    va_start(args, fmt);
    vsnprintf(w->first_error, sizeof(w->first_error), fmt, args);
    va_end(args);
}

static unsigned worker_failures(const struct worker *w)
{
    /* load_ret_not_base is reported on its own (see test_stress) */
    return w->load_failed + w->real_load_failed + w->base_failed + w->info_failed +
           w->enum_failed + w->symbol_failed + w->unload_failed + w->unload2_wrong +
           w->gone_failed;
}

struct enum_state
{
    const DWORD64 *bases;
    unsigned nbases;
    unsigned seen_mask;
    unsigned total;
};

static BOOL CALLBACK enum_cb(PCSTR name, DWORD64 base, PVOID ctx)
{
    struct enum_state *st = ctx;
    unsigned i;

    (void)name;
    st->total++;
    for (i = 0; i < st->nbases; i++)
        if (st->bases[i] == base) st->seen_mask |= 1u << i;
    return TRUE;
}

/* One iteration: load, look up, enumerate, unload. */
static void worker_iteration(struct worker *w)
{
    DWORD64 bases[SLOTS + 1], ret;
    DWORD sizes[SLOTS + 1];
    BOOL loaded[SLOTS + 1];
    unsigned n = 0, i;
    struct enum_state st;
    IMAGEHLP_MODULE64 im;
    char name[64];
    BOOL res;

    /* virtual modules */
    for (i = 0; i < SLOTS; i++)
    {
        bases[n] = w->range + i * SLOT_STEP;
        sizes[n] = VSIZE;
        snprintf(name, sizeof(name), "thr%d_v%u", w->index, i);
        SetLastError(0xdeadbeef);
        ret = SymLoadModuleEx(THREADS_HANDLE, NULL, name, NULL, bases[n], VSIZE, NULL,
                              SLMFLAG_VIRTUAL);
        loaded[n] = ret != 0;
        w->loads++;
        if (!ret)
            note(w, &w->load_failed, "virtual load at %#I64x failed, error %lu", bases[n],
                 GetLastError());
        else if (ret != bases[n])
            w->load_ret_not_base++;
        n++;
    }
    /* every fourth iteration, the real fixture copy */
    if (w->fixture[0] && !(w->iterations % 4))
    {
        bases[n] = w->range + REAL_OFFSET;
        sizes[n] = 0;
        SetLastError(0xdeadbeef);
        ret = SymLoadModuleEx(THREADS_HANDLE, NULL, w->fixture, NULL, bases[n], 0, NULL, 0);
        loaded[n] = ret != 0;
        w->real_loads++;
        if (ret != bases[n])
            note(w, &w->real_load_failed, "load of %s at %#I64x gave %#I64x, error %lu",
                 w->fixture, bases[n], ret, GetLastError());
        n++;
    }

    /* lookups of our own modules */
    for (i = 0; i < n; i++)
    {
        DWORD64 addr = bases[i] + 0x100 + i * 0x1234; /* inside, never the base */

        if (!loaded[i]) continue;
        SetLastError(0xdeadbeef);
        ret = SymGetModuleBase64(THREADS_HANDLE, addr);
        if (ret != bases[i])
            note(w, &w->base_failed, "SymGetModuleBase64(%#I64x) = %#I64x, expected %#I64x, "
                 "error %lu", addr, ret, bases[i], GetLastError());

        memset(&im, 0, sizeof(im));
        im.SizeOfStruct = sizeof(im);
        SetLastError(0xdeadbeef);
        res = SymGetModuleInfo64(THREADS_HANDLE, addr, &im);
        if (!res)
            note(w, &w->info_failed, "SymGetModuleInfo64(%#I64x) failed, error %lu", addr,
                 GetLastError());
        else if (im.BaseOfImage != bases[i] || (sizes[i] && im.ImageSize != sizes[i]) ||
                 !im.ImageSize)
            note(w, &w->info_failed, "SymGetModuleInfo64(%#I64x): base %#I64x size %#lx",
                 addr, im.BaseOfImage, im.ImageSize);
    }

    /* a symbol of the fixture copy, by qualified name (loads its symbols) */
    if (n > SLOTS && loaded[SLOTS])
    {
        char buffer[sizeof(SYMBOL_INFO) + 64];
        SYMBOL_INFO *si = (SYMBOL_INFO *)buffer;

        memset(buffer, 0, sizeof(buffer));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 64;
        snprintf(name, sizeof(name), "%s!fixture_add", w->modname);
        SetLastError(0xdeadbeef);
        res = SymFromName(THREADS_HANDLE, name, si);
        if (!res || si->Address <= bases[SLOTS] || si->Address >= bases[SLOTS] + 0x100000)
            note(w, &w->symbol_failed, "SymFromName(%s): %d, address %#I64x, error %lu", name,
                 res, si->Address, GetLastError());
    }

    /* enumeration sees all of ours, and no more modules than can exist */
    memset(&st, 0, sizeof(st));
    st.bases = bases;
    st.nbases = n;
    SetLastError(0xdeadbeef);
    res = SymEnumerateModules64(THREADS_HANDLE, enum_cb, &st);
    {
        unsigned want = 0;
        for (i = 0; i < n; i++) if (loaded[i]) want |= 1u << i;
        if (!res || (st.seen_mask & want) != want || st.total > nthreads * (SLOTS + 1))
            note(w, &w->enum_failed, "SymEnumerateModules64: %d, %u modules, seen %#x of %#x, "
                 "error %lu", res, st.total, st.seen_mask, want, GetLastError());
    }

    /* unload each twice: the second one finds nothing */
    for (i = 0; i < n; i++)
    {
        if (!loaded[i]) continue;
        SetLastError(0xdeadbeef);
        if (!SymUnloadModule64(THREADS_HANDLE, bases[i]))
            note(w, &w->unload_failed, "SymUnloadModule64(%#I64x) failed, error %lu", bases[i],
                 GetLastError());
        SetLastError(0xdeadbeef);
        res = SymUnloadModule64(THREADS_HANDLE, bases[i]);
        if (res || GetLastError() != ERROR_MOD_NOT_FOUND)
            note(w, &w->unload2_wrong, "second SymUnloadModule64(%#I64x): %d, error %lu",
                 bases[i], res, GetLastError());
        SetLastError(0xdeadbeef);
        if (SymGetModuleBase64(THREADS_HANDLE, bases[i] + 0x10))
            note(w, &w->gone_failed, "module at %#I64x still found after unload", bases[i]);
    }
    w->iterations++;
}

static DWORD WINAPI worker_main(void *arg)
{
    struct worker *w = arg;

    do worker_iteration(w);
    while ((LONG)(GetTickCount() - w->deadline) < 0);
    return 0;
}

static SSIZE_T heap_delta(SIZE_T before, SIZE_T after)
{
    return (SSIZE_T)(after - before);
}

static void test_stress(void)
{
    struct worker workers[THREADS_MAX];
    unsigned i, total_iter = 0, total_fail = 0, total_not_base = 0, total_loads = 0;
    char src[MAX_PATH];
    DWORD start;
    BOOL ret, have_fixture;

    nthreads = wtest_platform == WTEST_OURS ? THREADS_MAX : 1;
    if (nthreads == 1)
        trace("stress with 1 thread: %s\n", wtest_platform == WTEST_WINE ?
              "Wine's builtin dbghelp is not thread-safe" :
              "Microsoft documents dbghelp as single-threaded");

    snprintf(src, sizeof(src), "%sfixa.dll", wtest_fixtures);
    have_fixture = GetFileAttributesA(src) != INVALID_FILE_ATTRIBUTES;
    if (!have_fixture) skip("no fixture %s: virtual modules only\n", src);

    SetLastError(0xdeadbeef);
    ret = SymInitialize(THREADS_HANDLE, NULL, FALSE);
    ok(ret, "SymInitialize failed, error %lu\n", GetLastError());
    if (!ret) return;

    memset(workers, 0, sizeof(workers));
    start = GetTickCount();
    for (i = 0; i < nthreads; i++)
    {
        struct worker *w = &workers[i];

        w->index = i;
        w->range = RANGE_BASE + i * RANGE_STEP;
        w->deadline = start + STRESS_MS;
        snprintf(w->modname, sizeof(w->modname), "thr%u", i);
        /* one copy per thread: the name identifies a loaded image */
        if (have_fixture)
        {
            snprintf(w->fixture, sizeof(w->fixture), "%s%s.dll", wtest_tmpdir, w->modname);
            if (!CopyFileA(src, w->fixture, FALSE))
            {
                ok(0, "cannot copy %s to %s, error %lu\n", src, w->fixture, GetLastError());
                w->fixture[0] = 0;
            }
        }
    }
    for (i = 0; i < nthreads; i++)
    {
        workers[i].thread = CreateThread(NULL, 0, worker_main, &workers[i], 0, NULL);
        ok(workers[i].thread != NULL, "CreateThread failed, error %lu\n", GetLastError());
    }
    for (i = 0; i < nthreads; i++)
    {
        if (!workers[i].thread) continue;
        ok(WaitForSingleObject(workers[i].thread, 60000) == WAIT_OBJECT_0,
           "thread %u did not finish\n", i);
        CloseHandle(workers[i].thread);
    }

    for (i = 0; i < nthreads; i++)
    {
        struct worker *w = &workers[i];
        unsigned fails = worker_failures(w);

        /* Wine's 32-bit builtin names the real module's symbols at its
         * preferred base when it is loaded above 4 GiB. */
        todo_wine_if(WTEST_32BIT)
        ok(w->iterations > 0 && !fails,
           "thread %u: %u iterations, %u failures (load %u, real load %u, base %u, info %u, "
           "enum %u, symbol %u, unload %u, second unload %u, still found %u); first: %s\n",
           i, w->iterations, fails, w->load_failed, w->real_load_failed, w->base_failed,
           w->info_failed, w->enum_failed, w->symbol_failed, w->unload_failed,
           w->unload2_wrong, w->gone_failed, w->first_error[0] ? w->first_error : "none");
        total_iter += w->iterations;
        total_fail += fails;
        total_not_base += w->load_ret_not_base;
        total_loads += w->loads;
    }
    trace("stress: %u threads, %u iterations, %u virtual loads, %u failures in %lu ms\n",
          nthreads, total_iter, total_loads, total_fail, GetTickCount() - start);
    /* A virtual load returns the base it was given. */
    ok(!total_not_base, "%u of %u virtual loads did not return their base\n", total_not_base,
       total_loads);

    /* everything was unloaded */
    {
        struct enum_state st;
        memset(&st, 0, sizeof(st));
        ret = SymEnumerateModules64(THREADS_HANDLE, enum_cb, &st);
        ok(ret && !st.total, "%u modules left after the stress (ret %d)\n", st.total, ret);
    }
    SetLastError(0xdeadbeef);
    ret = SymCleanup(THREADS_HANDLE);
    ok(ret, "SymCleanup failed, error %lu\n", GetLastError());
    for (i = 0; i < nthreads; i++)
    {
        if (!workers[i].fixture[0]) continue;
        SetLastError(0xdeadbeef);
        ok(DeleteFileA(workers[i].fixture), "cannot delete %s, error %lu\n", workers[i].fixture,
           GetLastError());
    }
}

/* MANY virtual modules loaded, then all unloaded: every load and unload
 * succeeds, enumeration counts them all, and the heap comes back. */
static void test_many_modules(SIZE_T start_heap)
{
    static DWORD64 order[MANY];
    SIZE_T h0, h1, h2, h3;
    unsigned i, load_failed = 0, unload_failed = 0, lookup_failed = 0;
    struct enum_state st;
    DWORD t0, t1, t2;
    char name[32];
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = SymInitialize(HEAPTEST_HANDLE, NULL, FALSE);
    ok(ret, "SymInitialize failed, error %lu\n", GetLastError());
    if (!ret) return;

    h0 = wtest_heap_in_use();
    t0 = GetTickCount();
    for (i = 0; i < MANY; i++)
    {
        DWORD64 base = RANGE_BASE + (DWORD64)i * VSIZE;
        snprintf(name, sizeof(name), "many%u", i);
        if (!SymLoadModuleEx(HEAPTEST_HANDLE, NULL, name, NULL, base, VSIZE, NULL,
                             SLMFLAG_VIRTUAL))
            load_failed++;
    }
    t1 = GetTickCount();
    h1 = wtest_heap_in_use();
    /* Wine's 32-bit builtin fails most virtual loads above 4 GiB. */
    todo_wine_if(WTEST_32BIT)
    ok(!load_failed, "%u of %u virtual loads failed\n", load_failed, MANY);

    memset(&st, 0, sizeof(st));
    ret = SymEnumerateModules64(HEAPTEST_HANDLE, enum_cb, &st);
    todo_wine_if(WTEST_32BIT)
    ok(ret && st.total == MANY, "SymEnumerateModules64: %d, %u modules\n", ret, st.total);
    for (i = 0; i < MANY; i += 97)
    {
        DWORD64 base = RANGE_BASE + (DWORD64)i * VSIZE;
        if (SymGetModuleBase64(HEAPTEST_HANDLE, base + VSIZE - 1) != base) lookup_failed++;
    }
    todo_wine_if(WTEST_32BIT)
    ok(!lookup_failed, "%u lookups failed\n", lookup_failed);

    /* unload in a scrambled order (a fixed permutation: i * 7919 mod MANY) */
    for (i = 0; i < MANY; i++)
        order[i] = RANGE_BASE + (DWORD64)((i * 7919u) % MANY) * VSIZE;
    t2 = GetTickCount();
    for (i = 0; i < MANY; i++)
        if (!SymUnloadModule64(HEAPTEST_HANDLE, order[i])) unload_failed++;
    todo_wine_if(WTEST_32BIT)
    ok(!unload_failed, "%u of %u unloads failed\n", unload_failed, MANY);
    h2 = wtest_heap_in_use();

    memset(&st, 0, sizeof(st));
    ret = SymEnumerateModules64(HEAPTEST_HANDLE, enum_cb, &st);
    ok(ret && !st.total, "%u modules left after unloading all (ret %d)\n", st.total, ret);

    SetLastError(0xdeadbeef);
    ret = SymCleanup(HEAPTEST_HANDLE);
    ok(ret, "SymCleanup failed, error %lu\n", GetLastError());
    h3 = wtest_heap_in_use();

    trace("%u virtual modules: load %lu ms, unload %lu ms; heap %Iu before, %Iu loaded "
          "(%Iu bytes per module), %Iu after unloading all (delta %Id), %Iu after SymCleanup "
          "(delta %Id from the start of the area)\n",
          MANY, t1 - t0, GetTickCount() - t2, h0, h1, (h1 - h0) / MANY, h2,
          heap_delta(h0, h2), h3, heap_delta(start_heap, h3));
    ok(heap_delta(h0, h2) < HEAP_SLACK, "heap grew by %Id bytes after unloading all\n",
       heap_delta(h0, h2));
    ok(heap_delta(start_heap, h3) < HEAP_SLACK, "heap grew by %Id bytes after SymCleanup\n",
       heap_delta(start_heap, h3));
}

/* First-use allocations (the DLL's globals, CRT buffers, the output lock)
 * happen here, before the heap is measured. */
static void warm_up(void)
{
    DWORD64 base = RANGE_BASE + 0x100000000000ULL;
    IMAGEHLP_MODULE64 im;

    SymInitialize(WARMUP_HANDLE, NULL, FALSE);
    SymLoadModuleEx(WARMUP_HANDLE, NULL, "warmup", NULL, base, VSIZE, NULL, SLMFLAG_VIRTUAL);
    SymGetModuleBase64(WARMUP_HANDLE, base);
    im.SizeOfStruct = sizeof(im);
    SymGetModuleInfo64(WARMUP_HANDLE, base, &im);
    SymUnloadModule64(WARMUP_HANDLE, base);
    SymCleanup(WARMUP_HANDLE);
    trace("warm-up done\n");
}

void func_threads(void); /* called by the harness (testlist.c) */
START_TEST(threads)
{
    SIZE_T before, after;
    DWORD options;

    options = SymGetOptions();
    /* the debugger setting: symbols are loaded on first use */
    SymSetOptions(options | SYMOPT_DEFERRED_LOADS);
    warm_up();

    before = wtest_heap_in_use();
    test_stress();
    after = wtest_heap_in_use();
    trace("heap in use: %Iu before the stress, %Iu after SymCleanup (delta %Id)\n", before,
          after, heap_delta(before, after));
    ok(heap_delta(before, after) < HEAP_SLACK, "heap grew by %Id bytes over the stress\n",
       heap_delta(before, after));

    test_many_modules(before);
    SymSetOptions(options);
}
