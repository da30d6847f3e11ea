/*
 * fixsym_util.c: the packagings of the symbol fixture; see fixsym_util.h.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "fixsym_util.h"

struct fixsym_variant fixsym_variants[FIXSYM_VARIANTS] =
{
    { .name = "fixsym_d4o0", .kind = FIXSYM_DWARF, .dwarf_version = 4, .optimised = FALSE, .base = 0x30000000 },
    { .name = "fixsym_d5o0", .kind = FIXSYM_DWARF, .dwarf_version = 5, .optimised = FALSE, .base = 0x31000000 },
    { .name = "fixsym_d4o2", .kind = FIXSYM_DWARF, .dwarf_version = 4, .optimised = TRUE, .base = 0x32000000 },
    { .name = "fixsym_d5o2", .kind = FIXSYM_DWARF, .dwarf_version = 5, .optimised = TRUE, .base = 0x33000000 },
    { .name = "fixsym_coff", .kind = FIXSYM_COFF, .dwarf_version = 0, .optimised = FALSE, .base = 0x34000000 },
    { .name = "fixsym_exp", .kind = FIXSYM_EXPORTS, .dwarf_version = 0, .optimised = FALSE, .base = 0x35000000 },
    { .name = "fixsym_side", .kind = FIXSYM_SPLIT, .dwarf_version = 4, .optimised = FALSE, .base = 0x36000000 },
    { .name = "fixsym_sub", .kind = FIXSYM_SPLIT, .dwarf_version = 4, .optimised = FALSE, .base = 0x37000000 },
    { .name = "fixsym_path", .kind = FIXSYM_SPLIT_PATH, .dwarf_version = 4, .optimised = FALSE, .base = 0x38000000 },
    { .name = "fixsym_bad", .kind = FIXSYM_BAD_CRC, .dwarf_version = 0, .optimised = FALSE, .base = 0x39000000 },
    { .name = "fixsym_pdb", .kind = FIXSYM_PDB, .dwarf_version = 0, .optimised = FALSE, .base = 0x2a000000 },
    { .name = "fixsym_pdbp", .kind = FIXSYM_PDB_PATH, .dwarf_version = 0, .optimised = FALSE, .base = 0x2b000000 },
    { .name = "fixsym_pdbo", .kind = FIXSYM_PDB, .dwarf_version = 0, .optimised = TRUE, .base = 0x2c000000 },
};
char fixsym_search_path[MAX_PATH];

BOOL fixsym_prepare(void)
{
    static int done;
    int i, ready = 0;

    if (done) return done > 0;
    snprintf(fixsym_search_path, sizeof(fixsym_search_path), "%ssymdir", wtest_fixtures);
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        struct fixsym_variant *v = &fixsym_variants[i];
        fixsym_collect_fn collect;
        HMODULE mod;

        snprintf(v->path, sizeof(v->path), "%s%s.dll", wtest_fixtures, v->name);
        if (GetFileAttributesA(v->path) == INVALID_FILE_ATTRIBUTES)
        {
            skip("fixture %s not found\n", v->path);
            continue;
        }
        /* Run it once to learn its addresses and lines. */
        mod = LoadLibraryA(v->path);
        ok(mod != NULL, "%s: LoadLibrary failed, error %lu\n", v->name, GetLastError());
        if (!mod) continue;
        /* RVAs hold even if the loader had to relocate it. */
        if ((DWORD64)(ULONG_PTR)mod != v->base)
            trace("%s: loaded at %p, not at its base %#I64x\n", v->name, mod, v->base);
        collect = (fixsym_collect_fn)(void *)GetProcAddress(mod, "fixsym_collect");
        if (collect)
        {
            memset(&v->info, 0, sizeof(v->info));
            collect(&v->info);
            v->collect_rva = (DWORD)((ULONG_PTR)collect - (ULONG_PTR)mod);
            v->ready = v->info.size == sizeof(v->info);
            ok(v->ready, "%s: fixture info size %u\n", v->name, v->info.size);
        }
        FreeLibrary(mod);
        if (v->ready) ready++;
    }
    done = ready ? 1 : -1;
    if (!ready) skip("no symbol fixture found in %s\n", wtest_fixtures);
    return ready > 0;
}

struct fixsym_variant *fixsym_find(const char *name)
{
    int i;

    for (i = 0; i < FIXSYM_VARIANTS; i++)
        if (!strcmp(fixsym_variants[i].name, name))
            return fixsym_variants[i].ready ? &fixsym_variants[i] : NULL;
    return NULL;
}

BOOL fixsym_has_debug(const struct fixsym_variant *v)
{
    return v->kind == FIXSYM_DWARF || v->kind == FIXSYM_SPLIT || v->kind == FIXSYM_SPLIT_PATH ||
           v->kind == FIXSYM_PDB || v->kind == FIXSYM_PDB_PATH;
}

BOOL fixsym_has_statics(const struct fixsym_variant *v)
{
    return v->kind != FIXSYM_EXPORTS;
}

BOOL fixsym_windows_blind(const struct fixsym_variant *v)
{
    return wtest_platform == WTEST_WINDOWS && v->kind != FIXSYM_EXPORTS && v->kind != FIXSYM_PDB &&
           v->kind != FIXSYM_PDB_PATH;
}

BOOL fixsym_wine_reads(const struct fixsym_variant *v)
{
    return (v->kind == FIXSYM_DWARF || v->kind == FIXSYM_SPLIT) && v->dwarf_version == 4;
}

SYM_TYPE fixsym_symtype(const struct fixsym_variant *v)
{
    switch (v->kind)
    {
    case FIXSYM_DWARF:
    case FIXSYM_SPLIT:
    case FIXSYM_SPLIT_PATH: return SymDia;   /* what Wine reports for DWARF */
    case FIXSYM_COFF:
    case FIXSYM_BAD_CRC:    return SymCoff;
    case FIXSYM_EXPORTS:    return SymExport;
    case FIXSYM_PDB:
    case FIXSYM_PDB_PATH:   return SymPdb;
    }
    return SymNone;
}

int fixsym_init(HANDLE h, DWORD options)
{
    int i, count = 0;

    SymSetOptions(options);
    if (!SymInitialize(h, fixsym_search_path, FALSE))
    {
        ok(0, "SymInitialize failed, error %lu\n", GetLastError());
        return 0;
    }
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        struct fixsym_variant *v = &fixsym_variants[i];
        DWORD64 base;

        if (!v->ready) continue;
        base = SymLoadModuleEx(h, NULL, v->path, NULL, 0, 0, NULL, 0);
        ok(base == v->base, "%s: SymLoadModuleEx returned %#I64x, error %lu\n", v->name, base,
           GetLastError());
        if (base == v->base) count++;
    }
    return count;
}

BOOL fixsym_func_exported(enum fixsym_func_id id)
{
    return id != FIXSYM_FUNC_STATIC && id != FIXSYM_FUNC_COLD_FN;
}

const char *fixsym_nearest_export(const struct fixsym_variant *v, DWORD rva, DWORD *export_rva)
{
    const char *best = NULL;
    DWORD best_rva = 0;
    int i;

    for (i = 0; i < FIXSYM_FUNC_COUNT; i++)
    {
        if (!fixsym_func_exported(i)) continue;
        if (v->info.func[i].rva <= rva && (!best || v->info.func[i].rva > best_rva))
        {
            best = fixsym_func_names[i];
            best_rva = v->info.func[i].rva;
        }
    }
    if (v->collect_rva <= rva && (!best || v->collect_rva > best_rva))
    {
        best = "fixsym_collect";
        best_rva = v->collect_rva;
    }
    if (export_rva) *export_rva = best_rva;
    return best;
}

BOOL fixsym_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && !_stricmp(s + ls - lx, suffix);
}

BOOL fixsym_ends_withW(const WCHAR *s, const char *suffix)
{
    char buf[MAX_PATH * 2];

    if (!WideCharToMultiByte(CP_ACP, 0, s, -1, buf, sizeof(buf), NULL, NULL)) return FALSE;
    return fixsym_ends_with(buf, suffix);
}

FARPROC fixsym_proc(const char *name)
{
    /* Exported by Wine 8.0's builtin as stubs that abort when called. */
    static const char *const wine_stubs[] =
    {
        "SymEnumerateSymbolsW64", "SymDeleteSymbol", "SymDeleteSymbolW", "SymEnumLinesW",
        "SymGetTypeFromNameW", "SymGetTypeInfoEx", "SymGetScope", "SymGetScopeW",
    };
    FARPROC proc = wtest_dbghelp_proc(name);
    size_t i;

    if (wtest_platform == WTEST_WINE)
        for (i = 0; i < ARRAY_SIZE(wine_stubs); i++)
            if (!strcmp(name, wine_stubs[i]))
            {
                skip("%s is a stub in Wine's builtin dbghelp\n", name);
                return NULL;
            }
    if (!proc)
    {
        if (wtest_platform == WTEST_WINE) skip("%s is not exported by Wine's builtin\n", name);
        else win_skip("%s is not exported\n", name);
    }
    return proc;
}
