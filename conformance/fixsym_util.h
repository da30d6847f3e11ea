/*
 * fixsym_util.h: the packagings of the symbol fixture (fixsym_*.dll, built by
 * conformance/local.mk) and what each implementation is expected to read
 * from them; shared by the symbol and line areas.
 */
#ifndef FIXSYM_UTIL_H
#define FIXSYM_UTIL_H

#include <windows.h>
#include "fixtures/fixsym.h"

enum fixsym_kind
{
    FIXSYM_DWARF,      /* DWARF in the image */
    FIXSYM_SPLIT,      /* DWARF in a .gnu_debuglink file beside or in .debug/ */
    FIXSYM_SPLIT_PATH, /* DWARF in a .gnu_debuglink file along the search path */
    FIXSYM_BAD_CRC,    /* debuglink file with a CRC mismatch: COFF symbols only */
    FIXSYM_COFF,       /* COFF symbol table only */
    FIXSYM_EXPORTS,    /* export table only */
    FIXSYM_PDB,        /* clang -gcodeview: a PDB beside the image, no DWARF */
    FIXSYM_PDB_PATH,   /* the same, the PDB along the search path (the
                          CodeView record holds only its file name) */
};

struct fixsym_variant
{
    const char *name;       /* module name: fixsym_NAME.dll */
    enum fixsym_kind kind;
    int dwarf_version;      /* 4 or 5 (0: none in the image, or a PDB) */
    BOOL optimised;         /* built -O2 */
    DWORD64 base;           /* its image base (distinct per variant) */
    char path[MAX_PATH];    /* the image */
    BOOL ready;             /* found, loaded and fixsym_collect ran */
    struct fixsym_info info;
    DWORD collect_rva;      /* fixsym_collect, the one export not in info */
};

#define FIXSYM_VARIANTS 13
extern struct fixsym_variant fixsym_variants[FIXSYM_VARIANTS];
/* The symbol search path that holds the FIXSYM_SPLIT_PATH debug file. */
extern char fixsym_search_path[MAX_PATH];

/* Find the fixtures, run fixsym_collect in each (LoadLibrary, then
 * FreeLibrary).  FALSE (with a skip) when none is there. */
BOOL fixsym_prepare(void);
struct fixsym_variant *fixsym_find(const char *name);

/* Our DLL reads debug information of this variant (line numbers, static
 * names): DWARF or a PDB. */
BOOL fixsym_has_debug(const struct fixsym_variant *v);
/* Static function names are known (DWARF or COFF symbols). */
BOOL fixsym_has_statics(const struct fixsym_variant *v);
/* The platform under test cannot be expected to read this variant's debug
 * information: Microsoft's dbghelp reads neither DWARF nor (for us) COFF;
 * it reads PDBs. */
BOOL fixsym_windows_blind(const struct fixsym_variant *v);
/* Wine 8.0's builtin reads DWARF 4 in the image, beside it and in .debug/,
 * but not DWARF 5, not along the search path, and not the COFF table; it
 * reads nothing of the PDB packagings (SymExport: their exports only). */
BOOL fixsym_wine_reads(const struct fixsym_variant *v);
/* The SymType our DLL reports once symbols are loaded. */
SYM_TYPE fixsym_symtype(const struct fixsym_variant *v);

/* SymInitialize(h) with fixsym_search_path and options, then
 * SymLoadModuleEx of every ready variant at its own base.  Returns the
 * number loaded. */
int fixsym_init(HANDLE h, DWORD options);

/* Whether a function is exported, and the export preceding an RVA (for an
 * exports-only image); NULL if none. */
BOOL fixsym_func_exported(enum fixsym_func_id id);
const char *fixsym_nearest_export(const struct fixsym_variant *v, DWORD rva, DWORD *export_rva);

/* Resolve an export of the dbghelp under test for calling.  NULL when it
 * is missing (a failure against ours, a skip on Windows and on Wine) or
 * when it is one of Wine 8.0's unimplemented stubs, which abort the
 * process (skipped under Wine's builtin only). */
FARPROC fixsym_proc(const char *name);

/* Case-insensitive suffix test ("...\fixsym.c"). */
BOOL fixsym_ends_with(const char *s, const char *suffix);
BOOL fixsym_ends_withW(const WCHAR *s, const char *suffix);

#endif /* FIXSYM_UTIL_H */
