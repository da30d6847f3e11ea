/*
 * symlookup: addr2line through dbghelp.  For a PE file and a list of
 * addresses, prints one line per address:
 *
 *   0xADDR FUNCTION+0xOFF FILE:LINE
 *
 * FUNCTION from SymFromAddrW, FILE:LINE from SymGetLineFromAddrW64; `??`
 * and `??:0` when dbghelp has no answer (as addr2line prints them).
 *
 *   symlookup.exe [--base HEX] [--inline] [--trace] FILE.dll [ADDR...]
 *   symlookup.exe --sample N [--seed S] FILE.dll
 *
 * --inline prints what `addr2line -a -f -i` prints instead: the address,
 * then a function line and a FILE:LINE line per frame, from the innermost
 * inlined call (SymQueryInlineTrace's context, then SymFromInlineContextW
 * and SymGetLineFromInlineContextW for each inline context) out to the
 * function that holds the address (SymFromAddrW, SymGetLineFromAddrW64).
 *
 * --trace sets SYMOPT_DEBUG and copies dbghelp's CBA_DEBUG_INFO messages
 * to stderr as "trace: MESSAGE" (what was read, and how).
 *
 * An address below the image's SizeOfImage is an RVA, anything else an
 * absolute address at the load base (the image's preferred base unless
 * --base gives another).  Without addresses on the command line they are
 * read from stdin, one hexadecimal number per line (0x optional).
 *
 * --sample prints N code addresses (absolute, at the preferred base) drawn
 * uniformly over the bytes of the image's .pdata function ranges (code
 * sections when there is no .pdata), the same ones for the same seed; the
 * comparison script feeds them to addr2line and back to symlookup.
 *
 * It links mingw's dbghelp import library, so it uses whatever dbghelp.dll
 * the loader finds first: put ours beside it and force it with
 * WINEDLLOVERRIDES=dbghelp=n.  The first line on stderr says which one was
 * loaded ("dbghelp: native C:\...\dbghelp.dll"), for scripts to check.
 *
 * Options: SYMOPT_LOAD_LINES, without SYMOPT_UNDNAME so that names compare
 * with the DWARF names addr2line prints, and without deferred loading (the
 * module is read once, before the first address).
 */
#include <windows.h>
#include <shellapi.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "symtools.h"

#define LOOKUP_HANDLE ((HANDLE)(ULONG_PTR)0x5e1f100c)
#define MAX_NAME 4096

/* --trace: dbghelp's debug messages, to stderr. */
static BOOL CALLBACK trace_callback(HANDLE process, ULONG action, ULONG64 data, ULONG64 context)
{
    (void)process;
    (void)context;
    if (action != CBA_DEBUG_INFO) return FALSE;
    fprintf(stderr, "trace: %s", (const char *)(ULONG_PTR)data);
    fflush(stderr);
    return TRUE;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: symlookup [--base HEX] [--inline] [--trace] FILE.dll [ADDR...]\n"
            "       symlookup --sample N [--seed S] FILE.dll\n");
    exit(2);
}

static ULONGLONG parse_hex(const WCHAR *s, BOOL *okp)
{
    WCHAR *end;
    ULONGLONG v;

    while (*s == ' ' || *s == '\t') s++;
    v = wcstoull(s, &end, 16);
    *okp = end != s;
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
    if (*end) *okp = FALSE;
    return v;
}

struct lookup
{
    ULONGLONG base;          /* where the module was loaded */
    DWORD size;              /* SizeOfImage */
    SYMBOL_INFOW *sym;       /* MAX_NAME characters of room */
    char name[MAX_NAME * 3], file[MAX_PATH * 6];
    unsigned long count, named, lined;
    BOOL inlines;            /* --inline */
};

/* One frame in addr2line's -f form: the name, then FILE:LINE. */
static void print_frame(struct lookup *lk, BOOL named, BOOL lined, const IMAGEHLP_LINEW64 *line)
{
    printf("%s\n", named ? st_utf8(lk->sym->Name, lk->name, sizeof(lk->name)) : "??");
    if (lined && line->FileName)
        printf("%s:%lu\n", st_utf8(line->FileName, lk->file, sizeof(lk->file)), (unsigned long)line->LineNumber);
    else
        fputs("??:0\n", stdout);
}

/* The inline-frame functions, resolved from the dbghelp.dll loaded
 * (mingw's import library lacks them). */
static DWORD (WINAPI *pSymAddrIncludeInlineTrace)(HANDLE, DWORD64);
static BOOL (WINAPI *pSymQueryInlineTrace)(HANDLE, DWORD64, DWORD, DWORD64, DWORD64, LPDWORD, LPDWORD);
static BOOL (WINAPI *pSymFromInlineContextW)(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFOW);
static BOOL (WINAPI *pSymGetLineFromInlineContextW)(HANDLE, DWORD64, ULONG, DWORD64, PDWORD, PIMAGEHLP_LINEW64);

static BOOL resolve_inline_api(void)
{
    HMODULE dbghelp = GetModuleHandleA("dbghelp.dll");

    if (!dbghelp) return FALSE;
    pSymAddrIncludeInlineTrace = (void *)GetProcAddress(dbghelp, "SymAddrIncludeInlineTrace");
    pSymQueryInlineTrace = (void *)GetProcAddress(dbghelp, "SymQueryInlineTrace");
    pSymFromInlineContextW = (void *)GetProcAddress(dbghelp, "SymFromInlineContextW");
    pSymGetLineFromInlineContextW = (void *)GetProcAddress(dbghelp, "SymGetLineFromInlineContextW");
    return pSymAddrIncludeInlineTrace && pSymQueryInlineTrace && pSymFromInlineContextW &&
           pSymGetLineFromInlineContextW;
}

static void lookup_chain(struct lookup *lk, ULONGLONG addr)
{
    IMAGEHLP_LINEW64 line;
    DWORD64 disp = 0;
    DWORD ldisp = 0, n, ctx = 0, index = 0, k;
    BOOL named, lined;

    if (addr < lk->size) addr += lk->base;
    lk->count++;
    printf("0x%llx\n", addr);
    n = pSymAddrIncludeInlineTrace(LOOKUP_HANDLE, addr);
    if (n && !pSymQueryInlineTrace(LOOKUP_HANDLE, addr, 0, addr, addr, &ctx, &index)) n = 0;
    for (k = 0; k < n; k++)
    {
        memset(lk->sym, 0, sizeof(*lk->sym));
        lk->sym->SizeOfStruct = sizeof(*lk->sym);
        lk->sym->MaxNameLen = MAX_NAME;
        memset(&line, 0, sizeof(line));
        line.SizeOfStruct = sizeof(line);
        named = pSymFromInlineContextW(LOOKUP_HANDLE, addr, ctx + k, &disp, lk->sym);
        lined = pSymGetLineFromInlineContextW(LOOKUP_HANDLE, addr, ctx + k, 0, &ldisp, &line);
        print_frame(lk, named, lined, &line);
    }
    memset(lk->sym, 0, sizeof(*lk->sym));
    lk->sym->SizeOfStruct = sizeof(*lk->sym);
    lk->sym->MaxNameLen = MAX_NAME;
    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    named = SymFromAddrW(LOOKUP_HANDLE, addr, &disp, lk->sym);
    lined = SymGetLineFromAddrW64(LOOKUP_HANDLE, addr, &ldisp, &line);
    if (named) lk->named++;
    if (lined) lk->lined++;
    print_frame(lk, named, lined, &line);
}

static void lookup_one(struct lookup *lk, ULONGLONG addr)
{
    IMAGEHLP_LINEW64 line;
    DWORD64 disp = 0;
    DWORD ldisp = 0;

    if (lk->inlines)
    {
        lookup_chain(lk, addr);
        return;
    }
    if (addr < lk->size) addr += lk->base;
    lk->count++;
    printf("0x%llx ", addr);
    memset(lk->sym, 0, sizeof(*lk->sym));
    lk->sym->SizeOfStruct = sizeof(*lk->sym);
    lk->sym->MaxNameLen = MAX_NAME;
    if (SymFromAddrW(LOOKUP_HANDLE, addr, &disp, lk->sym))
    {
        lk->named++;
        printf("%s+0x%llx ", st_utf8(lk->sym->Name, lk->name, sizeof(lk->name)), disp);
    }
    else
        fputs("?? ", stdout);
    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    if (SymGetLineFromAddrW64(LOOKUP_HANDLE, addr, &ldisp, &line) && line.FileName)
    {
        lk->lined++;
        printf("%s:%lu\n", st_utf8(line.FileName, lk->file, sizeof(lk->file)),
               (unsigned long)line.LineNumber);
    }
    else
        fputs("??:0\n", stdout);
}

static int do_sample(const WCHAR *path, unsigned long n, ULONGLONG seed)
{
    struct code_map map;
    char err[128];
    DWORD *rvas;
    unsigned long i;

    if (!code_map_read(path, &map, err, sizeof(err)))
    {
        fprintf(stderr, "symlookup: %ls: %s\n", path, err);
        return 1;
    }
    rvas = malloc((n ? n : 1) * sizeof(*rvas));
    if (!rvas) return 1;
    code_map_sample(&map, seed, rvas, n);
    for (i = 0; i < n; i++) printf("0x%llx\n", map.image_base + rvas[i]);
    fprintf(stderr, "symlookup: %lu addresses from %lu %s ranges (%llu bytes)\n",
            n, (unsigned long)map.count, map.from_pdata ? ".pdata" : "code section",
            map.total);
    free(rvas);
    code_map_free(&map);
    return 0;
}

int main(void)
{
    static char outbuf[1 << 16];
    struct lookup lk;
    struct code_map map;
    char dllpath[MAX_PATH], err[128];
    const char *kind;
    WCHAR **argv, wline[256];
    char line[256];
    ULONGLONG base = 0, seed = 1;
    unsigned long sample = 0;
    BOOL have_base = FALSE, sampling = FALSE, inlines = FALSE, trace = FALSE, okp;
    int argc, i;

    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return 2;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++)
    {
        if (!wcscmp(argv[i], L"--inline"))
        {
            inlines = TRUE;
            continue;
        }
        if (!wcscmp(argv[i], L"--trace"))
        {
            trace = TRUE;
            continue;
        }
        if (i + 1 >= argc) usage();
        if (!wcscmp(argv[i], L"--base"))
            base = parse_hex(argv[++i], &okp), have_base = TRUE;
        else if (!wcscmp(argv[i], L"--sample"))
            sample = wcstoul(argv[++i], NULL, 10), sampling = TRUE;
        else if (!wcscmp(argv[i], L"--seed"))
            seed = wcstoull(argv[++i], NULL, 0);
        else
            usage();
    }
    if (i >= argc) usage();
    if (sampling) return do_sample(argv[i], sample, seed);

    kind = loaded_dbghelp(dllpath, sizeof(dllpath));
    fprintf(stderr, "dbghelp: %s %s\n", kind, dllpath);
    fflush(stderr);

    if (!code_map_read(argv[i], &map, err, sizeof(err)))
    {
        fprintf(stderr, "symlookup: %ls: %s\n", argv[i], err);
        return 1;
    }
    memset(&lk, 0, sizeof(lk));
    lk.base = have_base ? base : map.image_base;
    lk.size = map.image_size;
    lk.inlines = inlines;
    if (inlines && !resolve_inline_api())
    {
        fprintf(stderr, "symlookup: this dbghelp.dll has no inline-frame functions\n");
        return 1;
    }
    code_map_free(&map);
    lk.sym = malloc(sizeof(*lk.sym) + MAX_NAME * sizeof(WCHAR));
    if (!lk.sym) return 1;

    SymSetOptions((SymGetOptions() & ~(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS)) |
                  SYMOPT_LOAD_LINES);
    if (!SymInitializeW(LOOKUP_HANDLE, NULL, FALSE))
    {
        fprintf(stderr, "symlookup: SymInitializeW failed, error %lu\n", GetLastError());
        return 1;
    }
    if (trace)
    {
        SymSetOptions(SymGetOptions() | SYMOPT_DEBUG);
        SymRegisterCallback64(LOOKUP_HANDLE, trace_callback, 0);
    }
    if (SymLoadModuleExW(LOOKUP_HANDLE, NULL, argv[i], NULL, lk.base, 0, NULL, 0) != lk.base)
    {
        fprintf(stderr, "symlookup: SymLoadModuleExW(%ls) failed, error %lu\n",
                argv[i], GetLastError());
        SymCleanup(LOOKUP_HANDLE);
        return 1;
    }

    if (i + 1 < argc)
    {
        for (i++; i < argc; i++)
        {
            ULONGLONG addr = parse_hex(argv[i], &okp);
            if (!okp) { fprintf(stderr, "symlookup: bad address %ls\n", argv[i]); continue; }
            lookup_one(&lk, addr);
        }
    }
    else
    {
        while (fgets(line, sizeof(line), stdin))
        {
            ULONGLONG addr;

            MultiByteToWideChar(CP_ACP, 0, line, -1, wline, ARRAYSIZE(wline));
            if (!wline[wcsspn(wline, L" \t\r\n")]) continue;
            addr = parse_hex(wline, &okp);
            if (!okp) { fprintf(stderr, "symlookup: bad address %s", line); continue; }
            lookup_one(&lk, addr);
        }
    }
    fflush(stdout);
    fprintf(stderr, "symlookup: %lu addresses, %lu named, %lu with a line\n",
            lk.count, lk.named, lk.lined);
    SymCleanup(LOOKUP_HANDLE);
    free(lk.sym);
    return 0;
}
