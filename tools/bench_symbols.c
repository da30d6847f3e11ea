/*
 * bench_symbols.c: the cost of symbolizing through dbghelp, per image file.
 *
 *   bench_symbols.exe [--impl NAME] [--lookups N] [--budget-ms MS]
 *                     [--seed S] FILE.dll...
 *
 * For each file, in a fresh SymInitializeW/SymCleanup session on a fake
 * handle, with SYMOPT_LOAD_LINES and without SYMOPT_DEFERRED_LOADS or
 * SYMOPT_UNDNAME:
 *   first    SymLoadModuleExW at the preferred base + the first SymFromAddrW
 *            + the first SymGetLineFromAddrW64: the time to the first full
 *            answer, which is what a debugger waits for.  Without deferred
 *            loads a DLL that reads everything at load pays it in the load,
 *            one that reads on demand pays it in the first queries; the sum
 *            is the same measure for both (load and query shares printed).
 *   cold     SymFromAddrW over N random code addresses (default 200,000),
 *            first pass: a DLL that reads its debug information on demand
 *            (ours, for large DWARF) pays the rest of the reading here
 *   names    the same addresses again: the steady lookup rate
 *   lines    SymGetLineFromAddrW64 over the same addresses
 *   heap     bytes in busy heap blocks (HeapWalk over GetProcessHeaps())
 *            after the lookups minus before SymInitializeW: the module fully
 *            read, since random lookups over every function leave no part
 *            unread; also what is left after SymCleanup, and the growth of
 *            committed private memory (VirtualQuery walk), which also counts
 *            anything a DLL VirtualAllocs itself.
 * The addresses are drawn uniformly over the bytes of the .pdata function
 * ranges with a fixed seed, the same ones `symlookup --sample N --seed S`
 * prints, so that addr2line and llvm-symbolizer get the same workload.
 *
 * A lookup figure stops at --budget-ms (default 15000) if the N addresses
 * are not done by then, and the rate is measured on the addresses done (the
 * count is printed): Wine's builtin needs minutes on some files.
 *
 * It binds to whichever dbghelp.dll the loader picks (ours beside it with
 * WINEDLLOVERRIDES=dbghelp=n, or Wine's builtin); the report says which.
 * Machine-readable lines for tools/bench-symbols.sh:
 *   bench: impl=ours file=wined3d.dll op=first ms=12.3 load_ms=10.1
 *   bench: impl=ours file=wined3d.dll op=names rate=2500000 count=200000 hits=199990
 *   bench: impl=ours file=wined3d.dll op=heap bytes=12345678 left=0 private=13000000
 */
#include <windows.h>
#include <shellapi.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "symtools.h"

#define BENCH_HANDLE ((HANDLE)(ULONG_PTR)0xbe7c5001)
#define MAX_NAME 1024

static LARGE_INTEGER freq;

static LONGLONG now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

static double to_ms(LONGLONG ticks)
{
    return (double)ticks * 1e3 / (double)freq.QuadPart;
}

struct rate
{
    unsigned long count, hits;
    double ms;
    BOOL capped;
};

static SYMBOL_INFOW *symbol;

static BOOL name_of(DWORD64 addr)
{
    DWORD64 disp;

    symbol->SizeOfStruct = sizeof(*symbol);
    symbol->MaxNameLen = MAX_NAME;
    return SymFromAddrW(BENCH_HANDLE, addr, &disp, symbol);
}

static BOOL line_of(DWORD64 addr)
{
    IMAGEHLP_LINEW64 line;
    DWORD disp;

    line.SizeOfStruct = sizeof(line);
    return SymGetLineFromAddrW64(BENCH_HANDLE, addr, &disp, &line);
}

/* Runs one lookup over the addresses until done or out of budget. */
static void measure(BOOL (*lookup)(DWORD64), const DWORD64 *addrs, unsigned long n,
                    double budget_ms, struct rate *r)
{
    LONGLONG t0 = now(), limit = (LONGLONG)(budget_ms * (double)freq.QuadPart / 1e3);
    unsigned long i;

    memset(r, 0, sizeof(*r));
    for (i = 0; i < n; i++)
    {
        if (lookup(addrs[i])) r->hits++;
        if ((i & 255) == 255 && now() - t0 > limit)
        {
            i++;
            r->capped = i < n;
            break;
        }
    }
    r->count = i;
    r->ms = to_ms(now() - t0);
}

static double per_second(const struct rate *r)
{
    return r->ms > 0 ? r->count * 1e3 / r->ms : 0;
}

static int bench_file(const char *impl, const WCHAR *path, unsigned long n,
                      ULONGLONG seed, double budget_ms)
{
    struct code_map map;
    struct rate cold, names, lines;
    char err[128], file[MAX_PATH * 3];
    const WCHAR *slash;
    DWORD64 *addrs, base;
    DWORD *rvas;
    SIZE_T heap0, heap1, heap2;
    ULONGLONG priv0, priv1;
    LONGLONG t0, t_load, t_name, t_line;
    BOOL first_name, first_line;
    unsigned long i;

    slash = wcsrchr(path, '\\');
    if (!slash) slash = wcsrchr(path, '/');
    st_utf8(slash ? slash + 1 : path, file, sizeof(file));
    if (!code_map_read(path, &map, err, sizeof(err)))
    {
        printf("%s: %s\n", file, err);
        return 1;
    }
    rvas = malloc(n * sizeof(*rvas));
    addrs = malloc(n * sizeof(*addrs));
    if (!rvas || !addrs) return 1;
    code_map_sample(&map, seed, rvas, n);
    base = map.image_base;
    for (i = 0; i < n; i++) addrs[i] = base + rvas[i];
    free(rvas);

    heap0 = heap_in_use();
    priv0 = private_committed();
    SymSetOptions((SymGetOptions() & ~(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS)) |
                  SYMOPT_LOAD_LINES);
    if (!SymInitializeW(BENCH_HANDLE, NULL, FALSE))
    {
        printf("%s: SymInitializeW failed, error %lu\n", file, GetLastError());
        return 1;
    }
    t0 = now();
    if (SymLoadModuleExW(BENCH_HANDLE, NULL, path, NULL, base, 0, NULL, 0) != base)
    {
        printf("%s: SymLoadModuleExW failed, error %lu\n", file, GetLastError());
        SymCleanup(BENCH_HANDLE);
        return 1;
    }
    t_load = now();
    first_name = name_of(addrs[0]);
    t_name = now();
    first_line = line_of(addrs[0]);
    t_line = now();

    measure(name_of, addrs, n, budget_ms, &cold);
    measure(name_of, addrs, n, budget_ms, &names);
    measure(line_of, addrs, n, budget_ms, &lines);
    heap1 = heap_in_use();
    priv1 = private_committed();
    SymCleanup(BENCH_HANDLE);
    heap2 = heap_in_use();

    printf("bench: impl=%s file=%s op=first ms=%.1f load_ms=%.1f name_ms=%.1f line_ms=%.1f"
           " name=%d line=%d\n", impl, file, to_ms(t_line - t0), to_ms(t_load - t0),
           to_ms(t_name - t_load), to_ms(t_line - t_name), first_name, first_line);
    printf("bench: impl=%s file=%s op=cold rate=%.0f count=%lu hits=%lu capped=%d\n",
           impl, file, per_second(&cold), cold.count, cold.hits, cold.capped);
    printf("bench: impl=%s file=%s op=names rate=%.0f count=%lu hits=%lu capped=%d\n",
           impl, file, per_second(&names), names.count, names.hits, names.capped);
    printf("bench: impl=%s file=%s op=lines rate=%.0f count=%lu hits=%lu capped=%d\n",
           impl, file, per_second(&lines), lines.count, lines.hits, lines.capped);
    printf("bench: impl=%s file=%s op=heap bytes=%lld left=%lld private=%lld\n", impl, file,
           (long long)heap1 - (long long)heap0, (long long)heap2 - (long long)heap0,
           (long long)(priv1 - priv0));
    fflush(stdout);
    fprintf(stderr, "%-8s %-22s first %9.1f ms  SymFromAddr %10.0f/s (%lu%s, %lu hits)  "
            "lines %10.0f/s (%lu%s, %lu hits)  heap %.1f MiB\n", impl, file,
            to_ms(t_line - t0), per_second(&names), names.count, names.capped ? " capped" : "",
            names.hits, per_second(&lines), lines.count, lines.capped ? " capped" : "",
            lines.hits, (double)((long long)heap1 - (long long)heap0) / 1048576.0);
    free(addrs);
    code_map_free(&map);
    return 0;
}

int main(void)
{
    char dllpath[MAX_PATH];
    const char *impl = NULL, *kind;
    WCHAR **argv;
    char implbuf[64];
    unsigned long n = 200000;
    ULONGLONG seed = 1;
    double budget_ms = 15000;
    int argc, i, failures = 0;

    QueryPerformanceFrequency(&freq);
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return 2;
    for (i = 1; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2)
    {
        if (!wcscmp(argv[i], L"--impl"))
            impl = st_utf8(argv[i + 1], implbuf, sizeof(implbuf));
        else if (!wcscmp(argv[i], L"--lookups"))
            n = wcstoul(argv[i + 1], NULL, 10);
        else if (!wcscmp(argv[i], L"--budget-ms"))
            budget_ms = wcstod(argv[i + 1], NULL);
        else if (!wcscmp(argv[i], L"--seed"))
            seed = wcstoull(argv[i + 1], NULL, 0);
        else
            break;
    }
    if (i >= argc || !n)
    {
        fprintf(stderr, "usage: bench_symbols [--impl NAME] [--lookups N] [--budget-ms MS]"
                " [--seed S] FILE.dll...\n");
        return 2;
    }
    symbol = malloc(sizeof(*symbol) + MAX_NAME * sizeof(WCHAR));
    if (!symbol) return 1;
    kind = loaded_dbghelp(dllpath, sizeof(dllpath));
    if (!impl) impl = !strcmp(kind, "builtin") ? "builtin" : "ours";
    printf("bench: impl=%s dbghelp=%s path=%s\n", impl, kind, dllpath);
    for (; i < argc; i++) failures += bench_file(impl, argv[i], n, seed, budget_ms);
    free(symbol);
    return failures ? 1 : 0;
}
