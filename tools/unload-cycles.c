/*
 * unload-cycles.c: SymUnloadModule64 must give back everything a fully
 * loaded module took.
 *
 *   unload-cycles.exe [--cycles N] [--slack-kib K] FILE.dll
 *
 * One fake process handle; each cycle is
 *   SymLoadModuleExW(FILE at its preferred base, no deferred loads)
 *   SymFromAddrW + SymGetLineFromAddrW64 on 64 code addresses spread over
 *     the .pdata function ranges (any lazily read part gets read)
 *   SymEnumSymbolsW(base, "*") when the DLL exports it (the whole table)
 *   SymUnloadModule64(base)
 * After one warm-up cycle (the first load may grow caches that are meant
 * to stay, such as the heap's own free lists), it takes the process heap in
 * use (busy HeapWalk blocks over GetProcessHeaps()) and the anonymous RSS
 * (RssAnon of /proc/self/status, read as Z:\proc\self\status under Wine;
 * GetProcessMemoryInfo's PrivateUsage where there is no /proc, as on
 * Windows; under Wine PrivateUsage is 0) and the committed private memory
 * (VirtualQuery walk: anything VirtualAlloc'ed), runs N cycles (default 1000), and
 * fails unless all three end within K KiB (default 1024) of where they started.
 * It also fails if any call fails.  Figures every N/10 cycles show a trend.
 *
 * Links mingw's dbghelp import library: run it beside our dbghelp.dll with
 * WINEDLLOVERRIDES=dbghelp=n (tools/unload-cycles.test does).
 */
#include <windows.h>
#include <shellapi.h>
#include <psapi.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "symtools.h"

#define CYCLE_HANDLE ((HANDLE)(ULONG_PTR)0xc7c1e5a1)
#define PROBES 64
#define MAX_NAME 512

typedef BOOL (WINAPI *enum_symbols_fn)(HANDLE, ULONG64, PCWSTR,
                                       PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);

static LONGLONG anon_kib_source;   /* 1: /proc RssAnon, 2: PrivateUsage, 0: none */

/* Anonymous resident memory in KiB, or -1 when there is no way to tell. */
static LONGLONG anon_rss_kib(void)
{
    PROCESS_MEMORY_COUNTERS_EX pmc;
    char buf[4096];
    FILE *f = fopen("Z:\\proc\\self\\status", "r");

    if (f)
    {
        long long kib = -1;
        while (fgets(buf, sizeof(buf), f))
            if (!strncmp(buf, "RssAnon:", 8)) { kib = strtoll(buf + 8, NULL, 10); break; }
        fclose(f);
        if (kib >= 0) { anon_kib_source = 1; return kib; }
    }
    memset(&pmc, 0, sizeof(pmc));
    pmc.cb = sizeof(pmc);
    if (GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof(pmc)) &&
        pmc.PrivateUsage)
    {
        anon_kib_source = 2;
        return (LONGLONG)(pmc.PrivateUsage / 1024);
    }
    anon_kib_source = 0;
    return -1;
}

static BOOL CALLBACK count_symbol(PSYMBOL_INFOW info, ULONG size, PVOID ctx)
{
    ++*(unsigned long *)ctx;
    return TRUE;
}

struct cycle_state
{
    const WCHAR *path;
    DWORD64 base;
    DWORD64 probes[PROBES];
    SYMBOL_INFOW *sym;
    enum_symbols_fn enum_symbols;
    unsigned long failures, names, lines, enumerated;
};

static void cycle(struct cycle_state *st)
{
    IMAGEHLP_LINEW64 line;
    DWORD64 disp;
    DWORD ldisp;
    unsigned long count = 0;
    int i;

    if (SymLoadModuleExW(CYCLE_HANDLE, NULL, st->path, NULL, st->base, 0, NULL, 0) != st->base)
    {
        if (!st->failures++)
            fprintf(stderr, "SymLoadModuleExW failed, error %lu\n", GetLastError());
        return;
    }
    st->names = st->lines = 0;
    for (i = 0; i < PROBES; i++)
    {
        st->sym->SizeOfStruct = sizeof(*st->sym);
        st->sym->MaxNameLen = MAX_NAME;
        if (SymFromAddrW(CYCLE_HANDLE, st->probes[i], &disp, st->sym)) st->names++;
        line.SizeOfStruct = sizeof(line);
        if (SymGetLineFromAddrW64(CYCLE_HANDLE, st->probes[i], &ldisp, &line)) st->lines++;
    }
    if (!st->names && !st->failures++)
        fprintf(stderr, "SymFromAddrW found no symbol, error %lu\n", GetLastError());
    if (st->enum_symbols)
    {
        if (!st->enum_symbols(CYCLE_HANDLE, st->base, L"*", count_symbol, &count) &&
            !st->failures++)
            fprintf(stderr, "SymEnumSymbolsW failed, error %lu\n", GetLastError());
        st->enumerated = count;
    }
    if (!SymUnloadModule64(CYCLE_HANDLE, st->base) && !st->failures++)
        fprintf(stderr, "SymUnloadModule64 failed, error %lu\n", GetLastError());
}

int main(void)
{
    struct cycle_state st;
    struct code_map map;
    char err[128], dllpath[MAX_PATH];
    WCHAR **argv;
    DWORD rvas[PROBES];
    unsigned long cycles = 1000, i;
    long long slack_kib = 1024;
    LONGLONG rss0, rss1, t0, t1;
    SIZE_T heap0, heap1;
    ULONGLONG priv0, priv1;
    LARGE_INTEGER freq, t;
    const char *kind;
    BOOL ok;
    int argc, a;

    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return 2;
    for (a = 1; a + 1 < argc && argv[a][0] == '-' && argv[a][1] == '-'; a += 2)
    {
        if (!wcscmp(argv[a], L"--cycles")) cycles = wcstoul(argv[a + 1], NULL, 10);
        else if (!wcscmp(argv[a], L"--slack-kib")) slack_kib = wcstoll(argv[a + 1], NULL, 10);
        else break;
    }
    if (a + 1 != argc || !cycles)
    {
        fprintf(stderr, "usage: unload-cycles [--cycles N] [--slack-kib K] FILE.dll\n");
        return 2;
    }
    kind = loaded_dbghelp(dllpath, sizeof(dllpath));
    printf("dbghelp: %s %s\n", kind, dllpath);

    memset(&st, 0, sizeof(st));
    st.path = argv[a];
    if (!code_map_read(st.path, &map, err, sizeof(err)))
    {
        printf("%ls: %s\n", st.path, err);
        return 1;
    }
    st.base = map.image_base;
    code_map_sample(&map, 7, rvas, PROBES);
    for (i = 0; i < PROBES; i++) st.probes[i] = st.base + rvas[i];
    code_map_free(&map);
    st.sym = malloc(sizeof(*st.sym) + MAX_NAME * sizeof(WCHAR));
    if (!st.sym) return 1;
    st.enum_symbols = (enum_symbols_fn)(void *)GetProcAddress(GetModuleHandleA("dbghelp.dll"),
                                                             "SymEnumSymbolsW");

    SymSetOptions((SymGetOptions() & ~(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS)) |
                  SYMOPT_LOAD_LINES);
    if (!SymInitializeW(CYCLE_HANDLE, NULL, FALSE))
    {
        printf("SymInitializeW failed, error %lu\n", GetLastError());
        return 1;
    }
    cycle(&st);                              /* warm-up */
    printf("file %ls: %lu/%d probes named, %lu with a line, %s%lu symbols enumerated\n",
           st.path, st.names, PROBES, st.lines, st.enum_symbols ? "" : "SymEnumSymbolsW absent, ",
           st.enumerated);
    heap0 = heap_in_use();
    priv0 = private_committed();
    rss0 = anon_rss_kib();
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&t);
    t0 = t.QuadPart;
    printf("%6s %14s %12s\n", "cycle", "heap bytes", anon_kib_source == 2 ? "private KiB" : "RssAnon KiB");
    printf("%6d %14llu %12lld\n", 0, (unsigned long long)heap0, rss0);
    for (i = 1; i <= cycles; i++)
    {
        cycle(&st);
        if (i % (cycles >= 10 ? cycles / 10 : 1) == 0)
        {
            printf("%6lu %14llu %12lld\n", i, (unsigned long long)heap_in_use(), anon_rss_kib());
            fflush(stdout);
        }
    }
    QueryPerformanceCounter(&t);
    t1 = t.QuadPart;
    heap1 = heap_in_use();
    priv1 = private_committed();
    rss1 = anon_rss_kib();
    SymCleanup(CYCLE_HANDLE);

    ok = !st.failures;
    printf("%lu cycles in %.1f s (%.1f ms each)\n", cycles,
           (double)(t1 - t0) / (double)freq.QuadPart,
           (double)(t1 - t0) * 1e3 / (double)freq.QuadPart / (double)cycles);
    printf("heap in use: %+lld bytes (limit %lld KiB)\n",
           (long long)heap1 - (long long)heap0, slack_kib);
    if ((long long)heap1 - (long long)heap0 > slack_kib * 1024) ok = FALSE;
    printf("committed private memory: %+lld bytes (limit %lld KiB)\n",
           (long long)(priv1 - priv0), slack_kib);
    if ((long long)(priv1 - priv0) > slack_kib * 1024) ok = FALSE;
    if (rss0 >= 0 && rss1 >= 0)
    {
        printf("%s: %+lld KiB (limit %lld KiB)\n",
               anon_kib_source == 2 ? "private bytes" : "RssAnon", rss1 - rss0, slack_kib);
        if (rss1 - rss0 > slack_kib) ok = FALSE;
    }
    else
        printf("anonymous RSS: not available here\n");
    if (st.failures) printf("%lu calls failed\n", st.failures);
    printf("%s\n", ok ? "PASS" : "FAIL");
    free(st.sym);
    return ok ? 0 : 1;
}
