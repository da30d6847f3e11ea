/*
 * bench_modules.c: cost of the module index as the number of modules grows.
 *
 * For N = 10 and N = 10000 virtual modules (SymLoadModuleEx with
 * SLMFLAG_VIRTUAL, sequential bases, 0x10000 bytes each) in one fake process
 * handle, measures the mean time of
 *   SymLoadModuleEx      loading all N modules
 *   SymGetModuleBase64   random addresses inside the loaded modules
 *   SymGetModuleInfo64   random addresses inside the loaded modules
 *   SymUnloadModule64    unloading all N in random order
 * and prints a table with the ratio N=10000 / N=10 for each operation (near 1
 * for an index with O(log n) lookups; near 1000 for a linear list).
 *
 * It binds to whichever dbghelp.dll the loader picks, so a script runs it
 * once with our DLL beside it and once with Wine's builtin; the report says
 * which one it got.  Machine-readable lines:
 *   bench: impl=ours N=10000 op=SymGetModuleBase64 ns=123.4 count=1000000
 *
 * Load and unload are measured over whole rounds (N=10: 1000 rounds, so
 * every figure averages at least 10000 calls).  Lookups run up to LOOKUPS
 * times but stop at a time budget per figure, so a DLL with a linear module
 * list (Wine's builtin: ~10 us per lookup with 10000 modules) still finishes
 * in well under a minute; the count actually made is printed.
 *
 * Usage: bench_modules.exe [--impl NAME] [--lookups COUNT] [--budget-ms MS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>

#define BENCH_HANDLE ((HANDLE)(ULONG_PTR)0xbe7c4001)
#define BASE0 0x0000005000000000ULL
#define MODSIZE 0x10000
#define LOOKUPS 1000000
#define ADDR_RING 65536             /* precomputed random addresses */

enum op { OP_LOAD, OP_BASE, OP_INFO, OP_UNLOAD, OP_COUNT };
static const char *op_names[OP_COUNT] =
{
    "SymLoadModuleEx", "SymGetModuleBase64", "SymGetModuleInfo64", "SymUnloadModule64"
};

struct figure
{
    double ns;
    unsigned long long count;
    unsigned long errors;
};

static LARGE_INTEGER freq;
static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;
static DWORD64 *addr_ring;
static DWORD *unload_order;

static unsigned long long rng(void)
{
    /* xorshift64*: fast, and the same sequence for every run */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static LONGLONG now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

static double to_ns(LONGLONG ticks)
{
    return (double)ticks * 1e9 / (double)freq.QuadPart;
}

static double to_ms(LONGLONG ticks)
{
    return (double)ticks * 1e3 / (double)freq.QuadPart;
}

/* Which dbghelp.dll is loaded: its path, and whether its DOS stub carries
 * Wine's builtin marker at offset 0x40. */
static const char *describe_dbghelp(char *path, size_t size, BOOL *builtin)
{
    static const char marker[] = "Wine builtin DLL";
    HMODULE mod = GetModuleHandleA("dbghelp.dll");
    char sysdir[MAX_PATH];
    UINT len;

    *builtin = FALSE;
    path[0] = 0;
    if (!mod) return "unknown";
    GetModuleFileNameA(mod, path, (DWORD)size);
    *builtin = !memcmp((const char *)mod + 0x40, marker, sizeof(marker) - 1);
    if (*builtin) return "builtin";
    /* not Wine's: Microsoft's when it lives in the system directory */
    len = GetSystemDirectoryA(sysdir, sizeof(sysdir));
    if (len && !_strnicmp(path, sysdir, len) && path[len] == '\\' &&
        !GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version"))
        return "microsoft";
    return "ours";
}

static void load_all(unsigned n, struct figure *f)
{
    char name[32];
    LONGLONG t0, total = 0;
    unsigned i;

    for (i = 0; i < n; i++)
    {
        DWORD64 base = BASE0 + (DWORD64)i * MODSIZE, ret;

        snprintf(name, sizeof(name), "bench%u", i);
        t0 = now();
        ret = SymLoadModuleEx(BENCH_HANDLE, NULL, name, NULL, base, MODSIZE, NULL,
                              SLMFLAG_VIRTUAL);
        total += now() - t0;
        if (ret != base) f->errors++;
    }
    f->ns += to_ns(total);
    f->count += n;
}

static void unload_all(unsigned n, struct figure *f)
{
    LONGLONG t0, total = 0;
    unsigned i;

    /* a fresh random permutation (Fisher-Yates) per round */
    for (i = 0; i < n; i++) unload_order[i] = i;
    for (i = n - 1; i > 0; i--)
    {
        unsigned j = (unsigned)(rng() % (i + 1));
        DWORD t = unload_order[i];
        unload_order[i] = unload_order[j];
        unload_order[j] = t;
    }
    for (i = 0; i < n; i++)
    {
        DWORD64 base = BASE0 + (DWORD64)unload_order[i] * MODSIZE;
        BOOL ret;

        t0 = now();
        ret = SymUnloadModule64(BENCH_HANDLE, base);
        total += now() - t0;
        if (!ret) f->errors++;
    }
    f->ns += to_ns(total);
    f->count += n;
}

static void fill_addresses(unsigned n)
{
    unsigned i;

    for (i = 0; i < ADDR_RING; i++)
        addr_ring[i] = BASE0 + (rng() % n) * MODSIZE + rng() % MODSIZE;
}

static DWORD64 expected_base(DWORD64 addr)
{
    return addr - (addr - BASE0) % MODSIZE;
}

/* Lookups in batches until `max` are done or `budget_ms` is spent. */
static void bench_base(unsigned long long max, double budget_ms, struct figure *f)
{
    LONGLONG start = now(), t0;
    unsigned long long done = 0;
    unsigned i = 0, k;

    while (done < max)
    {
        unsigned batch = max - done < 1000 ? (unsigned)(max - done) : 1000;

        t0 = now();
        for (k = 0; k < batch; k++, i = (i + 1) % ADDR_RING)
            if (SymGetModuleBase64(BENCH_HANDLE, addr_ring[i]) != expected_base(addr_ring[i]))
                f->errors++;
        f->ns += to_ns(now() - t0);
        done += batch;
        if (to_ms(now() - start) > budget_ms) break;
    }
    f->count += done;
}

static void bench_info(unsigned long long max, double budget_ms, struct figure *f)
{
    LONGLONG start = now(), t0;
    unsigned long long done = 0;
    IMAGEHLP_MODULE64 im;
    unsigned i = 0, k;

    while (done < max)
    {
        unsigned batch = max - done < 1000 ? (unsigned)(max - done) : 1000;

        t0 = now();
        for (k = 0; k < batch; k++, i = (i + 1) % ADDR_RING)
        {
            im.SizeOfStruct = sizeof(im);
            if (!SymGetModuleInfo64(BENCH_HANDLE, addr_ring[i], &im) ||
                im.BaseOfImage != expected_base(addr_ring[i]))
                f->errors++;
        }
        f->ns += to_ns(now() - t0);
        done += batch;
        if (to_ms(now() - start) > budget_ms) break;
    }
    f->count += done;
}

static void run(unsigned n, unsigned long long lookups, double budget_ms,
                struct figure figs[OP_COUNT])
{
    unsigned rounds = n >= 10000 ? 1 : 10000 / n, r;

    memset(figs, 0, sizeof(struct figure) * OP_COUNT);
    if (!SymInitialize(BENCH_HANDLE, NULL, FALSE))
    {
        fprintf(stderr, "SymInitialize failed, error %lu\n", GetLastError());
        exit(1);
    }
    fill_addresses(n);
    for (r = 0; r < rounds; r++)
    {
        load_all(n, &figs[OP_LOAD]);
        if (!r)
        {
            bench_base(lookups, budget_ms, &figs[OP_BASE]);
            bench_info(lookups, budget_ms, &figs[OP_INFO]);
        }
        unload_all(n, &figs[OP_UNLOAD]);
    }
    SymCleanup(BENCH_HANDLE);
}

int main(int argc, char **argv)
{
    static const unsigned sizes[2] = { 10, 10000 };
    struct figure figs[2][OP_COUNT];
    unsigned long long lookups = LOOKUPS;
    double budget_ms = 6000;
    char path[MAX_PATH];
    const char *impl;
    BOOL builtin;
    LONGLONG start;
    int i, s, o;

    impl = describe_dbghelp(path, sizeof(path), &builtin);
    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--impl") && i + 1 < argc) impl = argv[++i];
        else if (!strcmp(argv[i], "--lookups") && i + 1 < argc)
            lookups = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--budget-ms") && i + 1 < argc)
            budget_ms = atof(argv[++i]);
        else
        {
            fprintf(stderr, "usage: %s [--impl NAME] [--lookups COUNT] [--budget-ms MS]\n",
                    argv[0]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    QueryPerformanceFrequency(&freq);
    addr_ring = malloc(ADDR_RING * sizeof(*addr_ring));
    unload_order = malloc(10000 * sizeof(*unload_order));
    if (!addr_ring || !unload_order) return 1;

    printf("dbghelp.dll: %s (Wine builtin marker at 0x40: %s)\n", path[0] ? path : "(not loaded)",
           builtin ? "yes" : "no");
    printf("bench: impl=%s dll=%s builtin=%d\n", impl, path, builtin);
    printf("lookups per figure: up to %llu, time budget %.0f ms per figure\n", lookups,
           budget_ms);
    SymSetOptions(SymGetOptions() | SYMOPT_DEFERRED_LOADS);

    start = now();
    for (s = 0; s < 2; s++) run(sizes[s], lookups, budget_ms, figs[s]);

    printf("\n%-8s", "N");
    for (o = 0; o < OP_COUNT; o++) printf(" %20s", op_names[o]);
    printf("   (ns per call)\n");
    for (s = 0; s < 2; s++)
    {
        printf("%-8u", sizes[s]);
        for (o = 0; o < OP_COUNT; o++)
            printf(" %20.1f", figs[s][o].count ? figs[s][o].ns / figs[s][o].count : 0.0);
        printf("\n");
    }
    printf("%-8s", "ratio");
    for (o = 0; o < OP_COUNT; o++)
    {
        double a = figs[0][o].count ? figs[0][o].ns / figs[0][o].count : 0;
        double b = figs[1][o].count ? figs[1][o].ns / figs[1][o].count : 0;
        printf(" %20.2f", a > 0 ? b / a : 0.0);
    }
    printf("   (N=10000 / N=10)\n\n");

    for (s = 0; s < 2; s++)
        for (o = 0; o < OP_COUNT; o++)
        {
            printf("bench: impl=%s N=%u op=%s ns=%.1f count=%llu errors=%lu\n", impl, sizes[s],
                   op_names[o], figs[s][o].count ? figs[s][o].ns / figs[s][o].count : 0.0,
                   figs[s][o].count, figs[s][o].errors);
            if (o == OP_BASE || o == OP_INFO)
                if (figs[s][o].count < lookups)
                    printf("bench: note: N=%u %s stopped at the time budget after %llu "
                           "lookups\n", sizes[s], op_names[o], figs[s][o].count);
        }
    for (o = 0; o < OP_COUNT; o++)
    {
        double a = figs[0][o].count ? figs[0][o].ns / figs[0][o].count : 0;
        double b = figs[1][o].count ? figs[1][o].ns / figs[1][o].count : 0;
        printf("bench: impl=%s op=%s ratio=%.2f\n", impl, op_names[o], a > 0 ? b / a : 0.0);
    }
    printf("bench: impl=%s total_ms=%.0f\n", impl, to_ms(now() - start));
    for (s = 0; s < 2; s++)
        for (o = 0; o < OP_COUNT; o++)
            if (figs[s][o].errors) return 1;
    return 0;
}
