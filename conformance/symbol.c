/*
 * symbol.c: symbols by address and by name over the fixsym fixture in each
 * debug-info packaging (DWARF 4/5, -O0/-O2, COFF only, exports only, split
 * with .gnu_debuglink): SymFromAddr(W), SymFromName(W), SymGetSymFromAddr(64),
 * SymGetSymFromName(64), SymEnumSymbols(W)/Ex, SymEnumerateSymbols*,
 * SymSearch(W), SymMatchString(A/W), SymAddSymbol(W)/SymDeleteSymbol(W),
 * SymGetModuleInfo64's symbol facts and the symbol options.
 *
 * Expected names and addresses come from the fixture itself
 * (fixsym_collect, see conformance/fixtures/fixsym.h).  For optimised code
 * SymFromAddr names the function that physically holds the address (the
 * outermost one when code was inlined).
 *
 * Platforms: Microsoft's dbghelp cannot read DWARF (checks that need it are
 * skipped there); Wine 8.0's builtin reads DWARF 4 only, not along the
 * search path, and not the COFF symbol table: those gaps are todo_wine.
 * Every entry point is resolved with GetProcAddress so that a dbghelp.dll
 * lacking one fails its checks instead of the program's load.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "fixsym_util.h"

/* SYMBOL_INFO ends in Name[1]: hide from the compiler which buffer a
 * pointer came from, or it folds strcmp(si->Name, "long") to non-zero. */
#define LAUNDER(p) __asm__("" : "+r"(p))

#define SYM_HANDLE     ((HANDLE)(ULONG_PTR)0x5e1f0001)
#define UNKNOWN_HANDLE ((HANDLE)(ULONG_PTR)0x5e1f0bad)
#define NO_MODULE_ADDR ((DWORD64)0x7e000000)

#define DECLARE(f) static __typeof__(f) *p##f
DECLARE(SymFromAddr);
DECLARE(SymFromAddrW);
DECLARE(SymFromName);
DECLARE(SymFromNameW);
DECLARE(SymGetSymFromAddr64);
DECLARE(SymGetSymFromName64);
DECLARE(SymEnumSymbols);
DECLARE(SymEnumSymbolsW);
DECLARE(SymEnumerateSymbols64);
DECLARE(SymEnumerateSymbolsW64);
DECLARE(SymSearch);
DECLARE(SymSearchW);
DECLARE(SymMatchString);
DECLARE(SymMatchStringW);
DECLARE(SymAddSymbol);
DECLARE(SymAddSymbolW);
DECLARE(SymDeleteSymbol);
DECLARE(SymDeleteSymbolW);
DECLARE(SymGetModuleInfo64);
DECLARE(SymRegisterCallback64);
static SymEnumSymbolsEx_fn pSymEnumSymbolsEx;
static SymEnumSymbolsExW_fn pSymEnumSymbolsExW;
static BOOL (WINAPI *pSymGetSymFromAddr)(HANDLE, DWORD, PDWORD, struct symbol32 *);
static BOOL (WINAPI *pSymGetSymFromName)(HANDLE, PCSTR, struct symbol32 *);
static BOOL (WINAPI *pSymEnumerateSymbols)(HANDLE, DWORD,
                                           BOOL (CALLBACK *)(PCSTR, ULONG, ULONG, PVOID), PVOID);

/* Resolve p##f (see fixsym_proc); NEED tells whether it can be called. */
#define RESOLVE(f) (p##f = (void *)fixsym_proc(#f))
static BOOL need(const void *fn, const char *name)
{
    return fn != NULL;
}
#define NEED(f) need((const void *)p##f, #f)

/* Room for a SYMBOL_INFO(W) and a name of MAX_SYM_NAME characters (raw
 * bytes, so that the compiler does not take Name[1] at its word). */
struct symbuf
{
    ULONG64 raw[(sizeof(SYMBOL_INFO) + MAX_SYM_NAME + 7) / 8];
};
struct symbufW
{
    ULONG64 raw[(sizeof(SYMBOL_INFOW) + MAX_SYM_NAME * sizeof(WCHAR) + 7) / 8];
};

static SYMBOL_INFO *symbuf_init(struct symbuf *b)
{
    SYMBOL_INFO *si = (SYMBOL_INFO *)b->raw;

    LAUNDER(si);
    memset(b, 0xcc, sizeof(*b));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = MAX_SYM_NAME;
    return si;
}

static SYMBOL_INFOW *symbufW_init(struct symbufW *b)
{
    SYMBOL_INFOW *si = (SYMBOL_INFOW *)b->raw;

    LAUNDER(si);
    memset(b, 0xcc, sizeof(*b));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = MAX_SYM_NAME;
    return si;
}

/* Is the location a function's first byte, which its export names even
 * when no debug information is read? */
static BOOL at_export_entry(const struct fixsym_variant *v, DWORD rva)
{
    int i;

    for (i = 0; i < FIXSYM_FUNC_COUNT; i++)
        if (fixsym_func_exported(i) && v->info.func[i].rva == rva) return TRUE;
    return FALSE;
}

/* One address: the function that holds it, or for an exports-only image the
 * preceding export. */
static void check_from_addr(const struct fixsym_variant *v, DWORD rva, enum fixsym_func_id func,
                            const char *what)
{
    struct symbuf buf;
    SYMBOL_INFO *si = symbuf_init(&buf);
    const char *expect_name;
    DWORD expect_rva;
    DWORD64 disp = 0xdeadbeef;
    BOOL ret, wine_gap;

    if (fixsym_has_statics(v))
    {
        expect_name = fixsym_func_names[func];
        expect_rva = v->info.func[func].rva;
    }
    else
        expect_name = fixsym_nearest_export(v, rva, &expect_rva);
    /* Wine's builtin answers from its exports only at an export's first
     * byte, and reads no COFF symbols. */
    wine_gap = !fixsym_wine_reads(v) && !(at_export_entry(v, rva) && fixsym_func_exported(func));
    SetLastError(0xdeadbeef);
    ret = pSymFromAddr(SYM_HANDLE, v->base + rva, &disp, si);
    todo_wine_if(wine_gap)
    ok(ret && !strcmp(si->Name, expect_name) && disp == rva - expect_rva
       && si->Address == v->base + expect_rva,
       "%s %s: ret %d (error %lu) name %s disp %#I64x address %#I64x; expected %s+%#lx\n",
       v->name, what, ret, ret ? 0 : GetLastError(), ret ? si->Name : "-", disp,
       ret ? si->Address : 0, expect_name, (unsigned long)(rva - expect_rva));
    if (!ret) return;
    ok(si->ModBase == v->base, "%s %s: ModBase %#I64x\n", v->name, what, si->ModBase);
    ok(si->NameLen == strlen(si->Name), "%s %s: NameLen %lu for %s\n", v->name, what,
       si->NameLen, si->Name);
    ok(si->SizeOfStruct == sizeof(*si), "%s %s: SizeOfStruct changed to %lu\n", v->name, what,
       si->SizeOfStruct);
    if (fixsym_has_debug(v))
    {
        todo_wine_if(!fixsym_wine_reads(v))
        ok(si->Tag == SymTagFunction && si->Size > disp,
           "%s %s: Tag %lu Size %lu (displacement %#I64x)\n", v->name, what, si->Tag, si->Size,
           disp);
    }
    else if (v->kind == FIXSYM_EXPORTS)
        ok(si->Tag == SymTagPublicSymbol, "%s %s: Tag %lu\n", v->name, what, si->Tag);
}

static void test_SymFromAddr(void)
{
    struct symbuf buf;
    SYMBOL_INFO *si;
    DWORD64 disp;
    BOOL ret;
    int i, j;

    if (!NEED(SymFromAddr)) return;
    ok(fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES) > 0, "nothing loaded\n");
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        const struct fixsym_variant *v = &fixsym_variants[i];
        char what[32];

        if (!v->ready) continue;
        if (fixsym_windows_blind(v))
        {
            skip("%s: Microsoft's dbghelp reads no DWARF or COFF symbols\n", v->name);
            continue;
        }
        for (j = 0; j < FIXSYM_MARK_COUNT; j++)
        {
            snprintf(what, sizeof(what), "mark %d", j);
            check_from_addr(v, v->info.mark[j].rva, fixsym_mark_func[j], what);
        }
        for (j = 0; j < FIXSYM_FUNC_COUNT; j++)
        {
            snprintf(what, sizeof(what), "entry of %s", fixsym_func_names[j]);
            check_from_addr(v, v->info.func[j].rva, j, what);
        }
    }

    /* Data: the global is named by DWARF and COFF symbols alike. */
    {
        const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
        if (v && wtest_platform != WTEST_WINDOWS)
        {
            si = symbuf_init(&buf);
            disp = 1;
            ret = pSymFromAddr(SYM_HANDLE, v->base + v->info.global_rva, &disp, si);
            ok(ret && !strcmp(si->Name, "fixsym_global") && disp == 0,
               "global: ret %d name %s disp %#I64x\n", ret, ret ? si->Name : "-", disp);
            if (ret) ok(si->Tag == SymTagData, "global: Tag %lu\n", si->Tag);
        }
        /* The displacement is optional. */
        if (v)
        {
            si = symbuf_init(&buf);
            ret = pSymFromAddr(SYM_HANDLE, v->base + v->info.func[FIXSYM_FUNC_ADD].rva, NULL, si);
            ok(ret && !strcmp(si->Name, "fixsym_add"), "NULL displacement: ret %d error %lu\n",
               ret, GetLastError());
        }
        /* A name longer than MaxNameLen is cut to MaxNameLen - 1 characters;
         * NameLen still gives the full length. */
        if (v)
        {
            si = symbuf_init(&buf);
            si->MaxNameLen = 5;
            ret = pSymFromAddr(SYM_HANDLE, v->base + v->info.func[FIXSYM_FUNC_ADD].rva, &disp, si);
            ok(ret, "short buffer: error %lu\n", GetLastError());
            if (ret)
            {
                ok(!strcmp(si->Name, "fixs"), "short buffer: name %.10s\n", si->Name);
                ok(si->NameLen == strlen("fixsym_add"), "short buffer: NameLen %lu\n",
                   si->NameLen);
                ok((unsigned char)si->Name[5] == 0xcc, "short buffer: wrote past MaxNameLen\n");
            }
        }
        /* Inside the image but before any code: the headers hold no symbol. */
        if (v)
        {
            si = symbuf_init(&buf);
            SetLastError(0xdeadbeef);
            ret = pSymFromAddr(SYM_HANDLE, v->base + 0x10, &disp, si);
            ok(!ret, "header address: found %s\n", ret ? si->Name : "-");
        }
    }

    /* No module there. */
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromAddr(SYM_HANDLE, NO_MODULE_ADDR, &disp, si);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(SYM_HANDLE);

    /* Unknown handle. */
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromAddr(UNKNOWN_HANDLE, 0x30001000, &disp, si);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymFromAddrW(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    struct symbufW buf;
    SYMBOL_INFOW *si;
    DWORD64 disp = 0;
    DWORD rva;
    BOOL ret;

    if (!NEED(SymFromAddrW) || !v) return;
    if (fixsym_windows_blind(v)) { skip("no DWARF reader on Windows\n"); return; }
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    rva = v->info.mark[FIXSYM_MARK_STATIC].rva;
    si = symbufW_init(&buf);
    ret = pSymFromAddrW(SYM_HANDLE, v->base + rva, &disp, si);
    ok(ret && !wcscmp(si->Name, L"fixsym_static_fn")
       && disp == rva - v->info.func[FIXSYM_FUNC_STATIC].rva,
       "ret %d error %lu name %ls disp %#I64x\n", ret, GetLastError(), ret ? si->Name : L"-", disp);
    if (ret) ok(si->NameLen == wcslen(si->Name), "NameLen %lu\n", si->NameLen);

    si = symbufW_init(&buf);
    si->MaxNameLen = 3;
    ret = pSymFromAddrW(SYM_HANDLE, v->base + rva, &disp, si);
    ok(ret && !wcscmp(si->Name, L"fi") && si->NameLen == strlen("fixsym_static_fn"),
       "short buffer: ret %d name %.8ls NameLen %lu\n", ret, si->Name, si->NameLen);

    SetLastError(0xdeadbeef);
    ret = pSymFromAddrW(SYM_HANDLE, NO_MODULE_ADDR, &disp, symbufW_init(&buf));
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymFromAddrW(UNKNOWN_HANDLE, v->base + rva, &disp, symbufW_init(&buf));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymFromName(void)
{
    struct symbuf buf;
    SYMBOL_INFO *si;
    char name[128];
    BOOL ret;
    int i;

    if (!NEED(SymFromName)) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        const struct fixsym_variant *v = &fixsym_variants[i];
        /* Wine 8.0 reads no COFF symbols of a plainly stripped image; of a
         * split one whose debug file it misses, it finds the external
         * data but not the static functions. */
        BOOL statics_gap = !fixsym_wine_reads(v);
        BOOL global_gap = !fixsym_wine_reads(v) && ((v->kind != FIXSYM_SPLIT_PATH
                          && v->kind != FIXSYM_BAD_CRC) || WTEST_32BIT); /* 32-bit: nor that */

        if (!v->ready) continue;
        /* module!name picks the module among ten with the same names. */
        snprintf(name, sizeof(name), "%s!fixsym_add", v->name);
        si = symbuf_init(&buf);
        ret = pSymFromName(SYM_HANDLE, name, si);
        ok(ret && si->Address == v->base + v->info.func[FIXSYM_FUNC_ADD].rva
           && si->ModBase == v->base && !strcmp(si->Name, "fixsym_add"),
           "%s: ret %d error %lu address %#I64x name %s\n", name, ret, GetLastError(),
           ret ? si->Address : 0, ret ? si->Name : "-");

        if (fixsym_windows_blind(v)) continue;
        snprintf(name, sizeof(name), "%s!fixsym_static_fn", v->name);
        si = symbuf_init(&buf);
        SetLastError(0xdeadbeef);
        ret = pSymFromName(SYM_HANDLE, name, si);
        if (fixsym_has_statics(v))
        {
            todo_wine_if(statics_gap)
            ok(ret && si->Address == v->base + v->info.func[FIXSYM_FUNC_STATIC].rva,
               "%s: ret %d error %lu address %#I64x\n", name, ret, GetLastError(),
               ret ? si->Address : 0);
        }
        else
            ok(!ret, "%s: found at %#I64x\n", name, si->Address);

        snprintf(name, sizeof(name), "%s!fixsym_global", v->name);
        si = symbuf_init(&buf);
        ret = pSymFromName(SYM_HANDLE, name, si);
        if (fixsym_has_statics(v))
        {
            todo_wine_if(global_gap)
            ok(ret && si->Address == v->base + v->info.global_rva,
               "%s: ret %d error %lu address %#I64x\n", name, ret, GetLastError(),
               ret ? si->Address : 0);
            if (ret && fixsym_has_debug(v))
            {
                todo_wine_if(statics_gap)
                ok(si->Tag == SymTagData, "%s: Tag %lu\n", name, si->Tag);
            }
        }
        else
            ok(!ret, "%s: found at %#I64x\n", name, si->Address);

        /* The exported variable. */
        snprintf(name, sizeof(name), "%s!fixsym_exported_var", v->name);
        si = symbuf_init(&buf);
        ret = pSymFromName(SYM_HANDLE, name, si);
        ok(ret && si->Address == v->base + v->info.exported_var_rva,
           "%s: ret %d error %lu address %#I64x\n", name, ret, GetLastError(),
           ret ? si->Address : 0);
    }

    /* Without a module: any of the modules, at the right offset. */
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_seq", si);
    ok(ret, "fixsym_seq: error %lu\n", GetLastError());
    if (ret)
    {
        const struct fixsym_variant *v = NULL;
        for (i = 0; i < FIXSYM_VARIANTS; i++)
            if (fixsym_variants[i].ready && fixsym_variants[i].base == si->ModBase)
                v = &fixsym_variants[i];
        ok(v && si->Address == v->base + v->info.func[FIXSYM_FUNC_SEQ].rva,
           "fixsym_seq: address %#I64x module %#I64x\n", si->Address, si->ModBase);
    }

    /* Names are case-sensitive unless SYMOPT_CASE_INSENSITIVE. */
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!FIXSYM_ADD", si);
    ok(!ret, "case: found %s\n", ret ? si->Name : "-");
    SymSetOptions(SymGetOptions() | SYMOPT_CASE_INSENSITIVE);
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!FIXSYM_ADD", si);
    todo_wine /* Wine 8.0 ignores SYMOPT_CASE_INSENSITIVE here */
    ok(ret && !strcmp(si->Name, "fixsym_add"), "case-insensitive: ret %d error %lu name %s\n",
       ret, GetLastError(), ret ? si->Name : "-");
    SymSetOptions(SymGetOptions() & ~SYMOPT_CASE_INSENSITIVE);

    /* Misses. */
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!no_such_symbol", si);
    ok(!ret, "missing symbol found\n");
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromName(SYM_HANDLE, "no_such_module!fixsym_add", si);
    ok(!ret, "symbol of a missing module found\n");
    SymCleanup(SYM_HANDLE);
    si = symbuf_init(&buf);
    SetLastError(0xdeadbeef);
    ret = pSymFromName(UNKNOWN_HANDLE, "fixsym_add", si);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymFromNameW(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o2");
    struct symbufW buf;
    SYMBOL_INFOW *si;
    BOOL ret;

    if (!NEED(SymFromNameW) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    si = symbufW_init(&buf);
    ret = pSymFromNameW(SYM_HANDLE, L"fixsym_d4o2!fixsym_inline_caller", si);
    ok(ret && !wcscmp(si->Name, L"fixsym_inline_caller")
       && si->Address == v->base + v->info.func[FIXSYM_FUNC_INLINE_CALLER].rva,
       "ret %d error %lu address %#I64x\n", ret, GetLastError(), ret ? si->Address : 0);
    si = symbufW_init(&buf);
    ret = pSymFromNameW(SYM_HANDLE, L"fixsym_d4o2!nothing_like_it", si);
    ok(!ret, "missing symbol found\n");
    SymCleanup(SYM_HANDLE);
}

static void test_SymGetSymFromAddr64(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    char buf[sizeof(IMAGEHLP_SYMBOL64) + 64];
    IMAGEHLP_SYMBOL64 *sym = (IMAGEHLP_SYMBOL64 *)buf;
    char buf32[sizeof(struct symbol32) + 64];
    struct symbol32 *sym32 = (struct symbol32 *)buf32;

    LAUNDER(sym);
    LAUNDER(sym32);
    DWORD64 disp = 0;
    DWORD disp32 = 0, rva;
    BOOL ret;

    if (!NEED(SymGetSymFromAddr64) || !v) return;
    if (fixsym_windows_blind(v)) { skip("no DWARF reader on Windows\n"); return; }
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    rva = v->info.mark[FIXSYM_MARK_SEQ2].rva;

    memset(buf, 0xcc, sizeof(buf));
    sym->SizeOfStruct = sizeof(*sym);
    sym->MaxNameLength = 64;
    ret = pSymGetSymFromAddr64(SYM_HANDLE, v->base + rva, &disp, sym);
    ok(ret && !strcmp(sym->Name, "fixsym_seq") && disp == rva - v->info.func[FIXSYM_FUNC_SEQ].rva
       && sym->Address == v->base + v->info.func[FIXSYM_FUNC_SEQ].rva,
       "ret %d error %lu name %s disp %#I64x\n", ret, GetLastError(), ret ? sym->Name : "-", disp);
    if (ret) ok(sym->Size > disp, "Size %lu\n", sym->Size);

    /* MaxNameLength counts the terminating null. */
    memset(buf, 0xcc, sizeof(buf));
    sym->SizeOfStruct = sizeof(*sym);
    sym->MaxNameLength = 4;
    ret = pSymGetSymFromAddr64(SYM_HANDLE, v->base + rva, &disp, sym);
    ok(ret && !strcmp(sym->Name, "fix"), "short buffer: ret %d name %.8s\n", ret, sym->Name);

    SetLastError(0xdeadbeef);
    ret = pSymGetSymFromAddr64(SYM_HANDLE, NO_MODULE_ADDR, &disp, sym);
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret,
       GetLastError());

    /* The 32-bit form. */
    RESOLVE(SymGetSymFromAddr);
    if (NEED(SymGetSymFromAddr))
    {
        memset(buf32, 0xcc, sizeof(buf32));
        sym32->SizeOfStruct = sizeof(*sym32);
        sym32->MaxNameLength = 64;
        ret = pSymGetSymFromAddr(SYM_HANDLE, (DWORD)(v->base + rva), &disp32, sym32);
        ok(ret && !strcmp(sym32->Name, "fixsym_seq")
           && disp32 == rva - v->info.func[FIXSYM_FUNC_SEQ].rva
           && sym32->Address == (DWORD)(v->base + v->info.func[FIXSYM_FUNC_SEQ].rva),
           "32-bit: ret %d error %lu name %s disp %#lx\n", ret, GetLastError(),
           ret ? sym32->Name : "-", disp32);
        memset(buf32, 0xcc, sizeof(buf32));
        sym32->SizeOfStruct = sizeof(*sym32);
        sym32->MaxNameLength = 7;
        ret = pSymGetSymFromAddr(SYM_HANDLE, (DWORD)(v->base + rva), &disp32, sym32);
        ok(ret && !strcmp(sym32->Name, "fixsym"), "32-bit short buffer: ret %d name %.10s\n",
           ret, sym32->Name);
    }
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymGetSymFromAddr64(UNKNOWN_HANDLE, v->base + rva, &disp, sym);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymGetSymFromName64(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    char buf[sizeof(IMAGEHLP_SYMBOL64) + 64];
    IMAGEHLP_SYMBOL64 *sym = (IMAGEHLP_SYMBOL64 *)buf;
    char buf32[sizeof(struct symbol32) + 64];
    struct symbol32 *sym32 = (struct symbol32 *)buf32;

    LAUNDER(sym);
    LAUNDER(sym32);
    BOOL ret;

    if (!NEED(SymGetSymFromName64) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    memset(buf, 0xcc, sizeof(buf));
    sym->SizeOfStruct = sizeof(*sym);
    sym->MaxNameLength = 64;
    ret = pSymGetSymFromName64(SYM_HANDLE, "fixsym_d4o0!fixsym_dup", sym);
    ok(ret && sym->Address == v->base + v->info.func[FIXSYM_FUNC_DUP].rva
       && !strcmp(sym->Name, "fixsym_dup"),
       "ret %d error %lu address %#I64x\n", ret, GetLastError(), ret ? sym->Address : 0);
    SetLastError(0xdeadbeef);
    ret = pSymGetSymFromName64(SYM_HANDLE, "fixsym_d4o0!not_there", sym);
    ok(!ret, "missing name found\n");

    RESOLVE(SymGetSymFromName);
    if (NEED(SymGetSymFromName))
    {
        memset(buf32, 0xcc, sizeof(buf32));
        sym32->SizeOfStruct = sizeof(*sym32);
        sym32->MaxNameLength = 64;
        ret = pSymGetSymFromName(SYM_HANDLE, "fixsym_d4o0!fixsym_dup", sym32);
        ok(ret && sym32->Address == (DWORD)(v->base + v->info.func[FIXSYM_FUNC_DUP].rva),
           "32-bit: ret %d error %lu address %#lx\n", ret, GetLastError(), sym32->Address);
    }
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymGetSymFromName64(UNKNOWN_HANDLE, "fixsym_dup", sym);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

/* What an enumeration saw. */
struct enum_log
{
    int count;
    int calls_left;         /* stop (return FALSE) after this many; -1 never */
    struct { char name[64]; DWORD64 addr; DWORD64 modbase; ULONG tag; ULONG size; } item[512];
};

static BOOL CALLBACK enum_cb(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    struct enum_log *log = ctx;

    if (log->count < (int)ARRAY_SIZE(log->item))
    {
        snprintf(log->item[log->count].name, sizeof(log->item[0].name), "%s", si->Name);
        log->item[log->count].addr = si->Address;
        log->item[log->count].modbase = si->ModBase;
        log->item[log->count].tag = si->Tag;
        log->item[log->count].size = size;
    }
    log->count++;
    if (log->calls_left > 0 && !--log->calls_left) return FALSE;
    return TRUE;
}

static BOOL CALLBACK enum_cbW(PSYMBOL_INFOW si, ULONG size, PVOID ctx)
{
    struct enum_log *log = ctx;

    if (log->count < (int)ARRAY_SIZE(log->item))
    {
        WideCharToMultiByte(CP_ACP, 0, si->Name, -1, log->item[log->count].name,
                            sizeof(log->item[0].name), NULL, NULL);
        log->item[log->count].addr = si->Address;
        log->item[log->count].modbase = si->ModBase;
        log->item[log->count].tag = si->Tag;
        log->item[log->count].size = size;
    }
    log->count++;
    return TRUE;
}

static int log_find(const struct enum_log *log, const char *name, DWORD64 modbase)
{
    int i;

    for (i = 0; i < log->count && i < (int)ARRAY_SIZE(log->item); i++)
        if (!strcmp(log->item[i].name, name) && (!modbase || log->item[i].modbase == modbase))
            return i;
    return -1;
}

/* Every symbol listed has this name (a function may be listed twice: as
 * itself and as its export). */
static BOOL log_all_named(const struct enum_log *log, const char *name)
{
    int i;

    for (i = 0; i < log->count && i < (int)ARRAY_SIZE(log->item); i++)
        if (strcmp(log->item[i].name, name)) return FALSE;
    return log->count > 0;
}

static struct enum_log enum_log;

static void test_SymEnumSymbols(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    const struct fixsym_variant *ve = fixsym_find("fixsym_exp");
    BOOL ret;
    int i, n;

    RESOLVE(SymEnumSymbols);
    if (!NEED(SymEnumSymbols) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);

    /* Every symbol of one module, then one name with and without mask. */
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "*", enum_cb, &enum_log);
    ok(ret, "enum *: error %lu\n", GetLastError());
    if (!fixsym_windows_blind(v))
    {
        for (i = 0; i < FIXSYM_FUNC_COUNT; i++)
        {
            int k = log_find(&enum_log, fixsym_func_names[i], 0);
            ok(k >= 0 && enum_log.item[k].addr == v->base + v->info.func[i].rva
               && enum_log.item[k].modbase == v->base,
               "enum *: %s missing or at %#I64x\n", fixsym_func_names[i],
               k >= 0 ? enum_log.item[k].addr : 0);
        }
        ok(log_find(&enum_log, "fixsym_global", v->base) >= 0, "enum *: fixsym_global missing\n");
        /* Inlined-only functions are not symbols of the module. */
        ok(log_find(&enum_log, FIXSYM_INLINE_NAME, 0) < 0, "enum *: inline function listed\n");
    }
    for (i = 0; i < enum_log.count && i < (int)ARRAY_SIZE(enum_log.item); i++)
        if (enum_log.item[i].modbase != v->base) break;
    ok(i == enum_log.count || i == (int)ARRAY_SIZE(enum_log.item),
       "enum *: symbol %s of module %#I64x\n", enum_log.item[i].name, enum_log.item[i].modbase);

    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "fixsym_?dd", enum_cb, &enum_log);
    ok(ret && log_all_named(&enum_log, "fixsym_add"), "enum fixsym_?dd: ret %d count %d first %s\n",
       ret, enum_log.count, enum_log.item[0].name);

    /* Masks ignore case (as in Wine's builtin, whatever
     * SYMOPT_CASE_INSENSITIVE says). */
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "FIXSYM_SEQ", enum_cb, &enum_log);
    ok(ret && log_all_named(&enum_log, "fixsym_seq"), "case: ret %d count %d\n", ret,
       enum_log.count);
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "fixsym_mixed*", enum_cb, &enum_log);
    ok(ret && log_all_named(&enum_log, "FixSym_MixedCase"), "case: ret %d count %d\n", ret,
       enum_log.count);

    /* module!mask with base 0: every module whose name matches. */
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, 0, "fix*!fixsym_add", enum_cb, &enum_log);
    ok(ret && log_all_named(&enum_log, "fixsym_add"), "fix*!fixsym_add: ret %d count %d\n", ret,
       enum_log.count);
    for (i = 0; i < FIXSYM_VARIANTS; i++)
        if (fixsym_variants[i].ready)
            ok(log_find(&enum_log, "fixsym_add", fixsym_variants[i].base) >= 0,
               "fix*!fixsym_add: %s missing\n", fixsym_variants[i].name);
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, 0, "fixsym_d5o?!FixSym_M*", enum_cb, &enum_log);
    for (i = n = 0; i < enum_log.count && i < (int)ARRAY_SIZE(enum_log.item); i++)
        if (enum_log.item[i].modbase == 0x31000000 || enum_log.item[i].modbase == 0x33000000) n++;
    ok(ret && log_all_named(&enum_log, "FixSym_MixedCase") && n == enum_log.count,
       "fixsym_d5o?!FixSym_M*: ret %d count %d, %d in fixsym_d5o?\n", ret, enum_log.count, n);

    /* The callback stops the enumeration. */
    memset(&enum_log, 0, sizeof(enum_log));
    enum_log.calls_left = 2;
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "*", enum_cb, &enum_log);
    ok(enum_log.count == 2, "stopped enumeration: ret %d count %d\n", ret, enum_log.count);

    /* Exports only: the exports, as public symbols. */
    if (ve)
    {
        memset(&enum_log, 0, sizeof(enum_log));
        ret = pSymEnumSymbols(SYM_HANDLE, ve->base, "*", enum_cb, &enum_log);
        ok(ret && log_find(&enum_log, "fixsym_collect", ve->base) >= 0
           && log_find(&enum_log, "fixsym_static_fn", 0) < 0,
           "exports: ret %d count %d\n", ret, enum_log.count);
    }

    /* Errors. */
    SetLastError(0xdeadbeef);
    ret = pSymEnumSymbols(SYM_HANDLE, NO_MODULE_ADDR, "*", enum_cb, &enum_log);
    ok(!ret, "no module: ret %d error %lu\n", ret, GetLastError());
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymEnumSymbols(UNKNOWN_HANDLE, 0, "*", enum_cb, &enum_log);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymEnumSymbolsW(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    BOOL ret;

    RESOLVE(SymEnumSymbolsW);
    if (!NEED(SymEnumSymbolsW) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbolsW(SYM_HANDLE, v->base, L"fixsym_s*", enum_cbW, &enum_log);
    ok(ret && log_find(&enum_log, "fixsym_seq", v->base) >= 0,
       "ret %d count %d\n", ret, enum_log.count);
    if (!fixsym_windows_blind(v))
        ok(log_find(&enum_log, "fixsym_static_fn", v->base) >= 0
           && log_find(&enum_log, "fixsym_static_var", v->base) >= 0
           && log_find(&enum_log, "fixsym_sink", v->base) >= 0
           && log_find(&enum_log, "fixsym_add", 0) < 0,
           "statics: count %d\n", enum_log.count);
    SymCleanup(SYM_HANDLE);
}

static void test_SymEnumSymbolsEx(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    BOOL ret;

    pSymEnumSymbolsEx = (void *)fixsym_proc("SymEnumSymbolsEx");
    pSymEnumSymbolsExW = (void *)fixsym_proc("SymEnumSymbolsExW");
    if (!need((const void *)pSymEnumSymbolsEx, "SymEnumSymbolsEx") || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbolsEx(SYM_HANDLE, v->base, "fixsym_a*", enum_cb, &enum_log,
                            SYMENUM_OPTIONS_DEFAULT);
    ok(ret && log_all_named(&enum_log, "fixsym_add"), "ret %d count %d\n", ret, enum_log.count);
    if (need((const void *)pSymEnumSymbolsExW, "SymEnumSymbolsExW"))
    {
        memset(&enum_log, 0, sizeof(enum_log));
        ret = pSymEnumSymbolsExW(SYM_HANDLE, v->base, L"fixsym_a*", enum_cbW, &enum_log,
                                 SYMENUM_OPTIONS_DEFAULT);
        ok(ret && log_all_named(&enum_log, "fixsym_add"), "W: ret %d count %d\n", ret,
           enum_log.count);
    }
    SymCleanup(SYM_HANDLE);
}

struct old_enum_log
{
    int count;
    BOOL found;
    DWORD64 addr;
    ULONG size;
};

static BOOL CALLBACK old_enum_cb64(PCSTR name, DWORD64 addr, ULONG size, PVOID ctx)
{
    struct old_enum_log *log = ctx;
    log->count++;
    if (!strcmp(name, "fixsym_seq")) { log->found = TRUE; log->addr = addr; log->size = size; }
    return TRUE;
}

static BOOL CALLBACK old_enum_cbW64(PCWSTR name, DWORD64 addr, ULONG size, PVOID ctx)
{
    struct old_enum_log *log = ctx;
    log->count++;
    if (!wcscmp(name, L"fixsym_seq")) { log->found = TRUE; log->addr = addr; log->size = size; }
    return TRUE;
}

static BOOL CALLBACK old_enum_cb32(PCSTR name, ULONG addr, ULONG size, PVOID ctx)
{
    struct old_enum_log *log = ctx;
    log->count++;
    if (!strcmp(name, "fixsym_seq")) { log->found = TRUE; log->addr = addr; log->size = size; }
    return TRUE;
}

static void test_SymEnumerateSymbols64(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    struct old_enum_log log;
    DWORD64 expect;
    BOOL ret;

    RESOLVE(SymEnumerateSymbols64);
    RESOLVE(SymEnumerateSymbolsW64);
    RESOLVE(SymEnumerateSymbols);
    if (!NEED(SymEnumerateSymbols64) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    expect = v->base + v->info.func[FIXSYM_FUNC_SEQ].rva;
    memset(&log, 0, sizeof(log));
    ret = pSymEnumerateSymbols64(SYM_HANDLE, v->base, old_enum_cb64, &log);
    ok(ret && log.found && log.addr == expect, "ret %d count %d found %d at %#I64x\n", ret,
       log.count, log.found, log.addr);
    if (log.found && !fixsym_windows_blind(v)) ok(log.size > 0, "size %lu\n", log.size);
    if (NEED(SymEnumerateSymbolsW64))
    {
        memset(&log, 0, sizeof(log));
        ret = pSymEnumerateSymbolsW64(SYM_HANDLE, v->base, old_enum_cbW64, &log);
        ok(ret && log.found && log.addr == expect, "W64: ret %d found %d\n", ret, log.found);
    }
    if (NEED(SymEnumerateSymbols))
    {
        memset(&log, 0, sizeof(log));
        ret = pSymEnumerateSymbols(SYM_HANDLE, (DWORD)v->base, old_enum_cb32, &log);
        ok(ret && log.found && log.addr == expect, "32: ret %d found %d\n", ret, log.found);
    }
    SetLastError(0xdeadbeef);
    ret = pSymEnumerateSymbols64(SYM_HANDLE, NO_MODULE_ADDR, old_enum_cb64, &log);
    ok(!ret, "no module: ret %d\n", ret);
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymEnumerateSymbols64(UNKNOWN_HANDLE, v->base, old_enum_cb64, &log);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymSearch(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    BOOL ret;

    RESOLVE(SymSearch);
    RESOLVE(SymSearchW);
    if (!NEED(SymSearch) || !v) return;
    if (fixsym_windows_blind(v)) { skip("no DWARF reader on Windows\n"); return; }
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    /* Functions only. */
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymSearch(SYM_HANDLE, v->base, 0, SymTagFunction, "fixsym_s*", 0, enum_cb, &enum_log,
                     SYMSEARCH_GLOBALSONLY);
    ok(ret && log_find(&enum_log, "fixsym_seq", v->base) >= 0
       && log_find(&enum_log, "fixsym_static_var", 0) < 0,
       "functions: ret %d error %lu count %d\n", ret, GetLastError(), enum_log.count);
    /* Data only. */
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymSearch(SYM_HANDLE, v->base, 0, SymTagData, "fixsym_*", 0, enum_cb, &enum_log,
                     SYMSEARCH_GLOBALSONLY);
    ok(ret && log_find(&enum_log, "fixsym_global", v->base) >= 0
       && log_find(&enum_log, "fixsym_seq", 0) < 0,
       "data: ret %d error %lu count %d\n", ret, GetLastError(), enum_log.count);
    if (NEED(SymSearchW))
    {
        memset(&enum_log, 0, sizeof(enum_log));
        ret = pSymSearchW(SYM_HANDLE, v->base, 0, SymTagFunction, L"fixsym_d?p", 0, enum_cbW,
                          &enum_log, SYMSEARCH_GLOBALSONLY);
        ok(ret && log_all_named(&enum_log, "fixsym_dup"), "W: ret %d count %d\n", ret,
           enum_log.count);
    }
    SymCleanup(SYM_HANDLE);
}

static void test_SymMatchString(void)
{
    static const struct
    {
        const char *string, *expr;
        BOOL fcase, match;
        BOOL wine_gap;  /* Wine 8.0: a trailing '*' needs at least one character */
    }
    tests[] =
    {
        { "fixsym_add", "fixsym_add", TRUE, TRUE, FALSE },
        { "fixsym_add", "fixsym_ad", TRUE, FALSE, FALSE },
        { "fixsym_add", "ixsym_add", TRUE, FALSE, FALSE },
        { "fixsym_add", "*", TRUE, TRUE, FALSE },
        { "", "*", TRUE, TRUE, TRUE },
        { "", "", TRUE, TRUE, FALSE },
        { "a", "", TRUE, FALSE, FALSE },
        { "fixsym_add", "fix*", TRUE, TRUE, FALSE },
        { "fixsym_add", "*add", TRUE, TRUE, FALSE },
        { "fixsym_add", "*sym*", TRUE, TRUE, FALSE },
        { "fixsym_add", "f*s*m*d", TRUE, TRUE, FALSE },
        { "fixsym_add", "f*x*z", TRUE, FALSE, FALSE },
        { "fixsym_add", "fixsym_?dd", TRUE, TRUE, FALSE },
        { "fixsym_add", "fixsym_??d", TRUE, TRUE, FALSE },
        { "fixsym_add", "fixsym_???d", TRUE, FALSE, FALSE },
        { "fixsym_add", "???????????", TRUE, FALSE, FALSE },
        { "fixsym_add", "??????????", TRUE, TRUE, FALSE },
        { "fixsym_add", "FIXSYM_ADD", TRUE, FALSE, FALSE },
        { "fixsym_add", "FIXSYM_ADD", FALSE, TRUE, FALSE },
        { "FixSym_MixedCase", "fixsym_*", FALSE, TRUE, FALSE },
        { "FixSym_MixedCase", "fixsym_*", TRUE, FALSE, FALSE },
        { "FixSym_MixedCase", "FixSym_*Case", TRUE, TRUE, FALSE },
        { "aaa", "*a", TRUE, TRUE, FALSE },
        { "aab", "*a", TRUE, FALSE, FALSE },
        { "abcabd", "*abd", TRUE, TRUE, FALSE },
        { "ab", "a**b", TRUE, TRUE, FALSE },
        { "ab", "ab*", TRUE, TRUE, TRUE },
        { "ab", "ab?", TRUE, FALSE, FALSE },
    };
    WCHAR strW[64], exprW[64];
    BOOL ret;
    int i;

    RESOLVE(SymMatchString);
    RESOLVE(SymMatchStringW);
    if (!NEED(SymMatchString)) return;
    for (i = 0; i < (int)ARRAY_SIZE(tests); i++)
    {
        ret = pSymMatchString(tests[i].string, tests[i].expr, tests[i].fcase);
        todo_wine_if(tests[i].wine_gap)
        ok(!ret == !tests[i].match, "%d: SymMatchString(%s, %s, %d) returned %d\n", i,
           tests[i].string, tests[i].expr, tests[i].fcase, ret);
        if (!pSymMatchStringW) continue;
        MultiByteToWideChar(CP_ACP, 0, tests[i].string, -1, strW, ARRAY_SIZE(strW));
        MultiByteToWideChar(CP_ACP, 0, tests[i].expr, -1, exprW, ARRAY_SIZE(exprW));
        ret = pSymMatchStringW(strW, exprW, tests[i].fcase);
        todo_wine_if(tests[i].wine_gap)
        ok(!ret == !tests[i].match, "%d: SymMatchStringW(%s, %s, %d) returned %d\n", i,
           tests[i].string, tests[i].expr, tests[i].fcase, ret);
    }
    NEED(SymMatchStringW);
}

static void test_SymAddSymbol(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    struct symbuf buf;
    SYMBOL_INFO *si;
    DWORD64 disp;
    BOOL ret;

    RESOLVE(SymAddSymbol);
    RESOLVE(SymAddSymbolW);
    RESOLVE(SymDeleteSymbol);
    RESOLVE(SymDeleteSymbolW);
    if (!NEED(SymAddSymbol) || !v) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);

    /* A symbol in the headers, where no other symbol is. */
    ret = pSymAddSymbol(SYM_HANDLE, v->base, "added_symbol", v->base + 0x200, 0x20, 0);
    ok(ret, "SymAddSymbol failed, error %lu\n", GetLastError());
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!added_symbol", si);
    ok(ret && si->Address == v->base + 0x200 && si->Size == 0x20 && si->ModBase == v->base,
       "by name: ret %d address %#I64x size %lu\n", ret, ret ? si->Address : 0, si->Size);
    /* A symbol the caller added is virtual (Wine's test_modules_overlap,
     * which passes on Windows, asserts SYMFLAG_VIRTUAL on one). */
    ok(ret && (si->Flags & SYMFLAG_VIRTUAL) && !(si->Flags & SYMFLAG_FUNCTION), "flags %#lx\n", si->Flags);
    si = symbuf_init(&buf);
    disp = 0;
    ret = pSymFromAddr(SYM_HANDLE, v->base + 0x208, &disp, si);
    ok(ret && !strcmp(si->Name, "added_symbol") && disp == 8,
       "by address: ret %d name %s disp %#I64x\n", ret, ret ? si->Name : "-", disp);
    memset(&enum_log, 0, sizeof(enum_log));
    ret = pSymEnumSymbols(SYM_HANDLE, v->base, "added_*", enum_cb, &enum_log);
    ok(ret && enum_log.count == 1, "enumerated %d\n", enum_log.count);

    /* Delete it again; a second delete fails. */
    if (NEED(SymDeleteSymbol))
    {
        ret = pSymDeleteSymbol(SYM_HANDLE, v->base, "added_symbol", v->base + 0x200, 0);
        ok(ret, "SymDeleteSymbol failed, error %lu\n", GetLastError());
        si = symbuf_init(&buf);
        ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!added_symbol", si);
        ok(!ret, "deleted symbol still found\n");
        ret = pSymDeleteSymbol(SYM_HANDLE, v->base, "added_symbol", v->base + 0x200, 0);
        ok(!ret, "second delete succeeded\n");
    }

    if (NEED(SymAddSymbolW))
    {
        ret = pSymAddSymbolW(SYM_HANDLE, v->base, L"added_wide", v->base + 0x300, 4, 0);
        ok(ret, "SymAddSymbolW failed, error %lu\n", GetLastError());
        si = symbuf_init(&buf);
        ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!added_wide", si);
        ok(ret && si->Address == v->base + 0x300, "W by name: ret %d\n", ret);
        if (NEED(SymDeleteSymbolW))
        {
            ret = pSymDeleteSymbolW(SYM_HANDLE, v->base, L"added_wide", v->base + 0x300, 0);
            ok(ret, "SymDeleteSymbolW failed, error %lu\n", GetLastError());
        }
    }

    /* No module at that base. */
    SetLastError(0xdeadbeef);
    ret = pSymAddSymbol(SYM_HANDLE, NO_MODULE_ADDR, "nowhere", NO_MODULE_ADDR + 0x10, 4, 0);
    ok(!ret, "SymAddSymbol without a module succeeded\n");
    SymCleanup(SYM_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymAddSymbol(UNKNOWN_HANDLE, v->base, "x", v->base + 0x200, 4, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

/* SymGetModuleInfo64: SymType, LineNumbers and NumSyms per packaging. */
static void test_SymGetModuleInfo64(void)
{
    IMAGEHLP_MODULE64 im;
    BOOL ret;
    int i;

    if (!NEED(SymGetModuleInfo64)) return;
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        const struct fixsym_variant *v = &fixsym_variants[i];
        SYM_TYPE expect;

        if (!v->ready) continue;
        if (fixsym_windows_blind(v)) continue;
        expect = fixsym_symtype(v);
        memset(&im, 0, sizeof(im));
        im.SizeOfStruct = sizeof(im);
        ret = pSymGetModuleInfo64(SYM_HANDLE, v->base, &im);
        ok(ret, "%s: error %lu\n", v->name, GetLastError());
        if (!ret) continue;
        /* Wine 8.0 reports SymExport for a COFF-only image and SymCoff for
         * an image whose debuglink file it cannot find (the 32-bit one
         * finds it); the 32-bit builtin reports SymDia for an exports-only
         * image and one whose debuglink file does not match (it reads
         * their .eh_frame).  Of the PDB packagings it reads nothing
         * (SymExport). */
        todo_wine_if(v->kind == FIXSYM_COFF || (v->kind == FIXSYM_SPLIT_PATH && !WTEST_32BIT) ||
                     v->kind == FIXSYM_PDB || v->kind == FIXSYM_PDB_PATH ||
                     (WTEST_32BIT && (v->kind == FIXSYM_EXPORTS || v->kind == FIXSYM_BAD_CRC)))
        ok(im.SymType == expect, "%s: SymType %d, expected %d\n", v->name, im.SymType, expect);
        todo_wine_if(fixsym_has_debug(v) && !fixsym_wine_reads(v))
        ok(im.LineNumbers == fixsym_has_debug(v), "%s: LineNumbers %d\n", v->name,
           im.LineNumbers);
        ok(im.NumSyms > 0, "%s: NumSyms %lu\n", v->name, im.NumSyms);
        ok(im.GlobalSymbols == fixsym_has_debug(v) || wtest_platform != WTEST_OURS,
           "%s: GlobalSymbols %d\n", v->name, im.GlobalSymbols);
        if (v->kind == FIXSYM_PDB || v->kind == FIXSYM_PDB_PATH)
        {
            /* The PDB read: its full path, the image's identity of it
             * (lld writes age 1), matched. */
            char want[MAX_PATH];
            const char *tail = strrchr(im.LoadedPdbName, '\\');

            snprintf(want, sizeof(want), "%s.pdb", v->name);
            /* (Wine 8.0's builtin fills no CodeView field.) */
            todo_wine ok(im.CVSig == 0x53445352, "%s: CVSig %#lx\n", v->name, im.CVSig);
            todo_wine ok(im.PdbAge == 1, "%s: PdbAge %lu\n", v->name, im.PdbAge);
            ok(!im.PdbUnmatched, "%s: PdbUnmatched %d\n", v->name, im.PdbUnmatched);
            /* (The 32-bit builtin sets it, from the .eh_frame it reads.) */
            todo_wine_if(!WTEST_32BIT) ok(im.TypeInfo, "%s: TypeInfo %d\n", v->name, im.TypeInfo);
            todo_wine ok(!!strstr(im.CVData, want), "%s: CVData %s\n", v->name, im.CVData);
            todo_wine ok(tail && !_stricmp(tail + 1, want) && im.LoadedPdbName[1] == ':',
                         "%s: LoadedPdbName '%s'\n", v->name, im.LoadedPdbName);
            if (v->kind == FIXSYM_PDB_PATH)
                todo_wine ok(!!strstr(im.LoadedPdbName, "symdir"), "%s: LoadedPdbName '%s'\n", v->name,
                             im.LoadedPdbName);
        }
    }
    SymCleanup(SYM_HANDLE);
}

/* Deferred loading: SymDeferred until the first use, then the callbacks
 * START and COMPLETE, then the real type. */
static struct
{
    int count;
    ULONG action[16];
    DWORD64 base[16];
} deferred_log;

static BOOL CALLBACK deferred_cb(HANDLE h, ULONG action, ULONG64 data, ULONG64 ctx)
{
    if (action == CBA_DEFERRED_SYMBOL_LOAD_START || action == CBA_DEFERRED_SYMBOL_LOAD_COMPLETE
        || action == CBA_DEFERRED_SYMBOL_LOAD_FAILURE)
    {
        IMAGEHLP_DEFERRED_SYMBOL_LOAD64 *dl = (void *)(ULONG_PTR)data;
        if (deferred_log.count < (int)ARRAY_SIZE(deferred_log.action))
        {
            deferred_log.action[deferred_log.count] = action;
            deferred_log.base[deferred_log.count] = dl ? dl->BaseOfImage : 0;
        }
        deferred_log.count++;
    }
    return FALSE;
}

static void test_deferred_loads(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o2");
    IMAGEHLP_MODULE64 im;
    struct symbuf buf;
    DWORD64 base;
    BOOL ret;

    RESOLVE(SymRegisterCallback64);
    if (!NEED(SymGetModuleInfo64) || !NEED(SymRegisterCallback64) || !v) return;
    SymSetOptions(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS | SYMOPT_LOAD_LINES);
    ok(SymInitialize(SYM_HANDLE, fixsym_search_path, FALSE), "SymInitialize failed\n");
    pSymRegisterCallback64(SYM_HANDLE, deferred_cb, 0);
    memset(&deferred_log, 0, sizeof(deferred_log));
    base = SymLoadModuleEx(SYM_HANDLE, NULL, v->path, NULL, 0, 0, NULL, 0);
    ok(base == v->base, "load: %#I64x error %lu\n", base, GetLastError());
    ok(deferred_log.count == 0, "%d callbacks before the first use\n", deferred_log.count);
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = pSymGetModuleInfo64(SYM_HANDLE, v->base, &im);
    ok(ret && im.SymType == SymDeferred, "before use: ret %d SymType %d\n", ret, im.SymType);

    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o2!fixsym_seq", symbuf_init(&buf));
    ok(ret, "first use failed, error %lu\n", GetLastError());
    ok(deferred_log.count == 2 && deferred_log.action[0] == CBA_DEFERRED_SYMBOL_LOAD_START
       && deferred_log.action[1] == CBA_DEFERRED_SYMBOL_LOAD_COMPLETE
       && deferred_log.base[0] == v->base && deferred_log.base[1] == v->base,
       "callbacks: count %d actions %lu %lu\n", deferred_log.count, deferred_log.action[0],
       deferred_log.action[1]);
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ret = pSymGetModuleInfo64(SYM_HANDLE, v->base, &im);
    if (!fixsym_windows_blind(v))
        ok(ret && im.SymType == SymDia && im.LineNumbers, "after use: SymType %d LineNumbers %d\n",
           im.SymType, im.LineNumbers);
    /* Loaded once only. */
    pSymFromName(SYM_HANDLE, "fixsym_d4o2!fixsym_add", symbuf_init(&buf));
    ok(deferred_log.count == 2, "%d callbacks after a second use\n", deferred_log.count);
    SymCleanup(SYM_HANDLE);
}

/* SYMOPT_PUBLICS_ONLY and SYMOPT_NO_PUBLICS. */
static void test_publics_options(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    const struct fixsym_variant *ve = fixsym_find("fixsym_exp");
    struct symbuf buf;
    BOOL ret;

    if (!v || fixsym_windows_blind(v)) return;
    /* Publics only: the debug information is not read, the exports are.
     * Wine 8.0's builtin fails an assertion (module.c:381) on the second
     * lookup in this mode. */
    if (wtest_platform == WTEST_WINE)
        skip("SYMOPT_PUBLICS_ONLY aborts Wine's builtin dbghelp\n");
    else
    {
        fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME | SYMOPT_PUBLICS_ONLY);
        ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!fixsym_static_fn", symbuf_init(&buf));
        ok(!ret, "PUBLICS_ONLY: static function found\n");
        ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!fixsym_add", symbuf_init(&buf));
        ok(ret, "PUBLICS_ONLY: export not found, error %lu\n", GetLastError());
        SymCleanup(SYM_HANDLE);
    }

    /* No publics: the exports of an exports-only image are not used.
     * Wine 8.0's builtin fails the same assertion loading that image. */
    if (wtest_platform == WTEST_WINE)
    {
        skip("SYMOPT_NO_PUBLICS aborts Wine's builtin dbghelp\n");
        return;
    }
    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME | SYMOPT_NO_PUBLICS);
    ret = pSymFromName(SYM_HANDLE, "fixsym_d4o0!fixsym_static_fn", symbuf_init(&buf));
    ok(ret, "NO_PUBLICS: static function not found, error %lu\n", GetLastError());
    if (ve)
    {
        ret = pSymFromName(SYM_HANDLE, "fixsym_exp!fixsym_add", symbuf_init(&buf));
        ok(!ret, "NO_PUBLICS: export found\n");
    }
    SymCleanup(SYM_HANDLE);
}

/* i386 COFF symbols carry the C decoration ("_f"; "_f@8" for stdcall,
 * "@f@8" for fastcall).  With SYMOPT_UNDNAME (the default) such a public is
 * shown undecorated and found by either form; without it, it is shown and
 * found as it is.  Microsoft's dbghelp shows the publics of 32-bit images
 * the same way (WinDbg lists kernel32!Sleep, and _Sleep@4 once
 * SYMOPT_UNDNAME is cleared with .symopt-2).  Wine 8.0's builtin reads no
 * COFF symbols of a stripped image. */
static void test_c_decorations(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_coff");
    struct symbuf buf;
    SYMBOL_INFO *si;
    DWORD64 addr, disp;
    BOOL ret, gap;

    if (!WTEST_32BIT || !v || !v->ready || fixsym_windows_blind(v))
    {
        skip("C decorations are i386 only\n");
        return;
    }
    gap = !fixsym_wine_reads(v);
    addr = v->base + v->info.func[FIXSYM_FUNC_STATIC].rva;

    fixsym_init(SYM_HANDLE, SYMOPT_UNDNAME);
    si = symbuf_init(&buf);
    ret = pSymFromAddr(SYM_HANDLE, addr, &disp, si);
    todo_wine_if(gap)
    ok(ret && !strcmp(si->Name, "fixsym_static_fn") && !disp, "UNDNAME: %d %s\n", ret, ret ? si->Name : "");
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_coff!_fixsym_static_fn", si);
    todo_wine_if(gap)
    ok(ret && si->Address == addr && !strcmp(si->Name, "fixsym_static_fn"),
       "UNDNAME, decorated name: %d %#I64x %s\n", ret, ret ? si->Address : 0, ret ? si->Name : "");
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_coff!fixsym_static_fn", si);
    todo_wine_if(gap)
    ok(ret && si->Address == addr, "UNDNAME, plain name: %d %#I64x\n", ret, ret ? si->Address : 0);
    SymCleanup(SYM_HANDLE);

    fixsym_init(SYM_HANDLE, 0);
    si = symbuf_init(&buf);
    ret = pSymFromAddr(SYM_HANDLE, addr, &disp, si);
    todo_wine_if(gap)
    ok(ret && !strcmp(si->Name, "_fixsym_static_fn") && !disp, "raw: %d %s\n", ret, ret ? si->Name : "");
    si = symbuf_init(&buf);
    ret = pSymFromName(SYM_HANDLE, "fixsym_coff!_fixsym_static_fn", si);
    todo_wine_if(gap)
    ok(ret && si->Address == addr && !strcmp(si->Name, "_fixsym_static_fn"),
       "raw, decorated name: %d %#I64x %s\n", ret, ret ? si->Address : 0, ret ? si->Name : "");
    SymCleanup(SYM_HANDLE);
}

/* An image that exists only in a live process's memory (no file under the
 * name given, a base where it is mapped): its symbols, DWARF included, are
 * read from the mapped image. */
static void test_memory_image(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d5o0");
    struct symbuf buf;
    SYMBOL_INFO *si;
    IMAGEHLP_LINE64 line;
    IMAGEHLP_MODULE64 info;
    HMODULE mod;
    HANDLE h;
    DWORD64 base, disp;
    DWORD ldisp;
    BOOL ret;

    if (!v || !v->ready)
    {
        skip("fixsym_d5o0 not available\n");
        return;
    }
    mod = LoadLibraryA(v->path);
    ok(mod != NULL, "LoadLibrary(%s) failed: %lu\n", v->path, GetLastError());
    if (!mod) return;
    h = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, GetCurrentProcessId());
    ok(h != NULL, "OpenProcess failed: %lu\n", GetLastError());
    SymSetOptions(SYMOPT_LOAD_LINES | SYMOPT_UNDNAME);
    ok(SymInitialize(h, NULL, FALSE), "SymInitialize failed: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    base = SymLoadModuleEx(h, NULL, "C:\\no\\such\\dir\\fixsym_memonly.dll", NULL, (DWORD64)(ULONG_PTR)mod,
                           0, NULL, 0);
    todo_wine ok(base == (DWORD64)(ULONG_PTR)mod, "SymLoadModuleEx from memory: %I64x, error %lu\n", base,
                 GetLastError());
    if (base)
    {
        memset(&info, 0, sizeof(info));
        info.SizeOfStruct = sizeof(info);
        ok(SymGetModuleInfo64(h, base, &info), "SymGetModuleInfo64 failed: %lu\n", GetLastError());
        /* DWARF 5: Microsoft's dbghelp reads exports only (SymExport). */
        ok(info.SymType == SymDia || broken(info.SymType == SymExport), "SymType %d\n", info.SymType);

        /* A static function: only DWARF (or COFF) names it. */
        si = symbuf_init(&buf);
        ret = SymFromAddr(h, base + v->info.func[FIXSYM_FUNC_STATIC].rva, &disp, si);
        ok((ret && !strcmp(si->Name, "fixsym_static_fn") && !disp) || broken(wtest_platform == WTEST_WINDOWS),
           "static function from memory: %d %s\n", ret, ret ? si->Name : "");
        memset(&line, 0, sizeof(line));
        line.SizeOfStruct = sizeof(line);
        ret = SymGetLineFromAddr64(h, base + v->info.mark[FIXSYM_MARK_ADD].rva, &ldisp, &line);
        ok((ret && line.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_ADD].line &&
            fixsym_ends_with(line.FileName, "fixsym.c")) || broken(wtest_platform == WTEST_WINDOWS),
           "line from memory: %d %lu %s, expected %d\n", ret, ret ? line.LineNumber : 0,
           ret ? line.FileName : "", v->info.mark[FIXSYM_MARK_ADD].line);
        ok(SymUnloadModule64(h, base), "SymUnloadModule64 failed: %lu\n", GetLastError());
    }
    ok(SymCleanup(h), "SymCleanup failed: %lu\n", GetLastError());
    CloseHandle(h);
    FreeLibrary(mod);
}

START_TEST(symbol)
{
    RESOLVE(SymFromAddr);
    RESOLVE(SymFromAddrW);
    RESOLVE(SymFromName);
    RESOLVE(SymFromNameW);
    RESOLVE(SymGetSymFromAddr64);
    RESOLVE(SymGetSymFromName64);
    RESOLVE(SymGetModuleInfo64);
    if (!fixsym_prepare()) return;
    if (!NEED(SymFromName)) return;
    test_SymFromAddr();
    test_SymFromAddrW();
    test_SymFromName();
    test_SymFromNameW();
    test_SymGetSymFromAddr64();
    test_SymGetSymFromName64();
    test_SymEnumSymbols();
    test_SymEnumSymbolsW();
    test_SymEnumSymbolsEx();
    test_SymEnumerateSymbols64();
    test_SymSearch();
    test_SymMatchString();
    test_SymAddSymbol();
    test_SymGetModuleInfo64();
    test_deferred_loads();
    test_publics_options();
    test_c_decorations();
    test_memory_image();
}
