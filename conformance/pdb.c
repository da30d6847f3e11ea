/*
 * pdb.c: finding and matching a module's PDB, on the clang-built packagings
 * of the symbol fixture (fixsym_pdb*.dll, see fixsym_util.h; the symbol and
 * line areas check what is read from them).  The image of fixsym_pdbp
 * names its PDB by file name only (/pdbaltpath:%_PDB%), so each case below
 * decides alone where the PDB is found:
 *
 *   - beside the image, a PDB of another build (another GUID) is refused:
 *     the module has its exports only; with SYMOPT_LOAD_ANYTHING it is
 *     read and PdbUnmatched is set (Microsoft's documentation of
 *     SYMOPT_LOAD_ANYTHING and IMAGEHLP_MODULE64);
 *   - in a symbol store of the search path (srv*DIR), filed under the
 *     PDB's GUID and age as name.pdb\GUIDage\name.pdb ("Using SymStore");
 *   - under DIR\symbols\dll\ of a search path directory;
 *   - the PDB can be deleted once the module is loaded: nothing stays open
 *     and every answer was copied;
 *   - deferred loading reads the PDB on first use;
 *   - a large PDB (the same one grown past 512 KB by unused blocks, which
 *     our DLL reads by DBI module, on demand) answers as the small one:
 *     symbols, lines and variables by address first, then the whole
 *     enumeration, the types and the symbol count.
 *
 * Then the MSVC-ABI fixture (fixmsvc.dll, clang-cl /Z7 + lld-link, no C
 * runtime, see fixmsvc.cpp), as Microsoft's toolchain builds a DLL: the
 * procedures by their qualified names, lines, the overloads, a global
 * variable, a class's layout from the TPI, the module record, and the
 * MSVC-decorated publics raw and undecorated (SYMOPT_PUBLICS_ONLY).
 *
 * Windows' dbghelp reads these PDBs; Wine 8.0's builtin reads none of them
 * (todo_wine).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "fixsym_util.h"
#include "fixtures/fixmsvc.h"

#define PDB_HANDLE ((HANDLE)(ULONG_PTR)0x5e1f0d0b)

static char top[MAX_PATH];

static BOOL ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && !_stricmp(s + n - m, tail);
}

/* Copy the image of v (and, when pdb_from is given, that PDB as
 * <name>.pdb) into dir, made under top. */
static BOOL stage(const struct fixsym_variant *v, const char *dir, const char *pdb_from, char *image)
{
    char pdb[MAX_PATH];

    snprintf(image, MAX_PATH, "%s%s\\%s.dll", top, dir, v->name);
    if (!MakeSureDirectoryPathExists(image) || !CopyFileA(v->path, image, FALSE)) return FALSE;
    if (!pdb_from) return TRUE;
    snprintf(pdb, sizeof(pdb), "%s%s\\%s.pdb", top, dir, v->name);
    return CopyFileA(pdb_from, pdb, FALSE);
}

/* Load image at v's base into a fresh session with the given path and
 * options; the module record in *im.  FALSE when the load failed. */
static BOOL load(const struct fixsym_variant *v, const char *image, const char *path, DWORD options,
                 IMAGEHLP_MODULE64 *im)
{
    DWORD64 base;

    SymSetOptions(options);
    if (!SymInitialize(PDB_HANDLE, path, FALSE))
    {
        ok(0, "SymInitialize: %lu\n", GetLastError());
        return FALSE;
    }
    base = SymLoadModuleEx(PDB_HANDLE, NULL, image, NULL, v->base, 0, NULL, 0);
    ok(base == v->base, "%s: SymLoadModuleEx %#I64x, %lu\n", image, base, GetLastError());
    memset(im, 0, sizeof(*im));
    im->SizeOfStruct = sizeof(*im);
    if (base && !SymGetModuleInfo64(PDB_HANDLE, base, im))
    {
        ok(0, "SymGetModuleInfo64: %lu\n", GetLastError());
        return FALSE;
    }
    return base != 0;
}

/* The static function only the PDB names (not exported). */
static BOOL finds_static(const struct fixsym_variant *v)
{
    char buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    DWORD64 disp = 0;

    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    return SymFromAddr(PDB_HANDLE, v->base + v->info.func[FIXSYM_FUNC_STATIC].rva, &disp, si) &&
           !strcmp(si->Name, "fixsym_static_fn") && disp == 0;
}

static void test_mismatch(const struct fixsym_variant *v, const struct fixsym_variant *other)
{
    char image[MAX_PATH], other_pdb[MAX_PATH];
    IMAGEHLP_MODULE64 im;

    snprintf(other_pdb, sizeof(other_pdb), "%s%s.pdb", wtest_fixtures, other->name);
    ok(stage(v, "mismatch", other_pdb, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    if (load(v, image, "", SYMOPT_UNDNAME, &im))
    {
        /* (The 32-bit builtin reads the image's .eh_frame: SymDia.) */
        todo_wine_if(WTEST_32BIT) ok(im.SymType == SymExport, "another build's PDB: SymType %d\n", im.SymType);
        ok(!im.LoadedPdbName[0], "LoadedPdbName '%s'\n", im.LoadedPdbName);
        ok(!finds_static(v), "the static function was named\n");
    }
    SymCleanup(PDB_HANDLE);
    if (load(v, image, "", SYMOPT_UNDNAME | SYMOPT_LOAD_ANYTHING, &im))
    {
        todo_wine ok(im.SymType == SymPdb, "SYMOPT_LOAD_ANYTHING: SymType %d\n", im.SymType);
        todo_wine ok(im.PdbUnmatched, "PdbUnmatched %d\n", im.PdbUnmatched);
        ok(strstr(im.LoadedPdbName, "mismatch") != NULL || wtest_platform == WTEST_WINE,
           "LoadedPdbName '%s'\n", im.LoadedPdbName);
    }
    SymCleanup(PDB_HANDLE);
}

/* The PDB in srv*DIR: DIR\name.pdb\GUIDage\name.pdb. */
static void test_store(const struct fixsym_variant *v, const char *pdb_path)
{
    char image[MAX_PATH], stored[MAX_PATH * 2], srv[MAX_PATH + 8], key[64];
    IMAGEHLP_MODULE64 im;
    const GUID *g;

    ok(stage(v, "storeimg", NULL, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    /* The key from the image's CodeView record, as SymGetModuleInfo64
     * reports it before any PDB is found. */
    if (!load(v, image, "", SYMOPT_UNDNAME, &im)) { SymCleanup(PDB_HANDLE); return; }
    SymCleanup(PDB_HANDLE);
    todo_wine_if(WTEST_32BIT) ok(im.SymType == SymExport, "no PDB on the path: SymType %d\n", im.SymType);
    g = &im.PdbSig70;
    snprintf(key, sizeof(key), "%08lX%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X%lx", g->Data1, g->Data2,
             g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
             g->Data4[6], g->Data4[7], im.PdbAge);
    snprintf(stored, sizeof(stored), "%sstore\\%s.pdb\\%s\\%s.pdb", top, v->name, key, v->name);
    ok(MakeSureDirectoryPathExists(stored) && CopyFileA(pdb_path, stored, FALSE), "cannot store the PDB\n");
    snprintf(srv, sizeof(srv), "srv*%sstore", top);
    if (load(v, image, srv, SYMOPT_UNDNAME, &im))
    {
        todo_wine ok(im.SymType == SymPdb, "from the store: SymType %d\n", im.SymType);
        todo_wine ok(!_stricmp(im.LoadedPdbName, stored), "LoadedPdbName '%s', expected '%s'\n",
                     im.LoadedPdbName, stored);
        todo_wine ok(finds_static(v), "the static function was not named\n");
    }
    SymCleanup(PDB_HANDLE);
}

/* DIR\symbols\dll\name.pdb. */
static void test_symbols_dir(const struct fixsym_variant *v, const char *pdb_path)
{
    char image[MAX_PATH], pdb[MAX_PATH], dir[MAX_PATH];
    IMAGEHLP_MODULE64 im;

    ok(stage(v, "symimg", NULL, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    snprintf(pdb, sizeof(pdb), "%ssymroot\\symbols\\dll\\%s.pdb", top, v->name);
    ok(MakeSureDirectoryPathExists(pdb) && CopyFileA(pdb_path, pdb, FALSE), "cannot copy the PDB\n");
    snprintf(dir, sizeof(dir), "%ssymroot", top);
    if (load(v, image, dir, SYMOPT_UNDNAME, &im))
    {
        todo_wine ok(im.SymType == SymPdb, "DIR\\symbols\\dll: SymType %d\n", im.SymType);
        todo_wine ok(!_stricmp(im.LoadedPdbName, pdb), "LoadedPdbName '%s'\n", im.LoadedPdbName);
    }
    SymCleanup(PDB_HANDLE);
}

/* Deleted once loaded: every answer is still there. */
static void test_delete_after_load(const struct fixsym_variant *v, const char *pdb_path)
{
    char image[MAX_PATH], pdb[MAX_PATH];
    IMAGEHLP_MODULE64 im;
    IMAGEHLP_LINE64 line;
    DWORD disp = 0;

    ok(stage(v, "deleted", pdb_path, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    snprintf(pdb, sizeof(pdb), "%sdeleted\\%s.pdb", top, v->name);
    if (load(v, image, "", SYMOPT_UNDNAME | SYMOPT_LOAD_LINES, &im))
    {
        todo_wine ok(im.SymType == SymPdb, "beside the image: SymType %d\n", im.SymType);
        ok(DeleteFileA(pdb), "the PDB is still open: %lu\n", GetLastError());
        todo_wine ok(finds_static(v), "the static function was not named after the delete\n");
        memset(&line, 0, sizeof(line));
        line.SizeOfStruct = sizeof(line);
        todo_wine ok(SymGetLineFromAddr64(PDB_HANDLE, v->base + v->info.mark[FIXSYM_MARK_SEQ2].rva, &disp, &line) &&
                     line.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_SEQ2].line,
                     "line after the delete: %lu, expected %d\n", line.LineNumber,
                     v->info.mark[FIXSYM_MARK_SEQ2].line);
    }
    SymCleanup(PDB_HANDLE);
}

/* SYMOPT_DEFERRED_LOADS: SymDeferred, then the PDB on first use. */
static void test_deferred(const struct fixsym_variant *v, const char *pdb_path)
{
    char image[MAX_PATH];
    IMAGEHLP_MODULE64 im;

    ok(stage(v, "deferred", pdb_path, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    if (load(v, image, "", SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS, &im))
    {
        ok(im.SymType == SymDeferred, "deferred: SymType %d\n", im.SymType);
        ok(!im.LoadedPdbName[0], "deferred: LoadedPdbName '%s'\n", im.LoadedPdbName);
        todo_wine ok(finds_static(v), "the static function was not named\n");
        ok(SymGetModuleInfo64(PDB_HANDLE, v->base, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
        todo_wine ok(im.SymType == SymPdb, "after first use: SymType %d\n", im.SymType);
    }
    SymCleanup(PDB_HANDLE);
}

/* A copy of the PDB at src grown to at least min bytes by unused blocks
 * at its end (the superblock's block count follows): the same streams,
 * the same identity. */
static BOOL grow_pdb(const char *src, const char *dst, DWORD min)
{
    HANDLE f = CreateFileA(src, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD size, got = 0, bs, written = 0;
    unsigned char *data;
    BOOL ret = FALSE;

    if (f == INVALID_HANDLE_VALUE) return FALSE;
    size = GetFileSize(f, NULL);
    if (size < 56 || !(data = calloc(1, size + min)))
    {
        CloseHandle(f);
        return FALSE;
    }
    ReadFile(f, data, size, &got, NULL);
    CloseHandle(f);
    memcpy(&bs, data + 32, 4);
    if (got == size && bs >= 512 && !(size % bs))
    {
        DWORD grown = (min + bs - 1) / bs * bs, blocks = grown / bs;

        memcpy(data + 40, &blocks, 4);
        f = CreateFileA(dst, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        if (f != INVALID_HANDLE_VALUE)
        {
            ret = WriteFile(f, data, grown, &written, NULL) && written == grown;
            CloseHandle(f);
        }
    }
    free(data);
    return ret;
}

struct sym_list
{
    char text[64][160];
    unsigned count;
};

static BOOL CALLBACK list_sym(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    struct sym_list *l = ctx;

    (void)size;
    if (l->count < ARRAY_SIZE(l->text))
        snprintf(l->text[l->count], sizeof(l->text[0]), "%I64x %lu %lu %s", si->Address, si->Size, si->Tag,
                 si->Name);
    l->count++;
    return TRUE;
}

static int text_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static BOOL CALLBACK count_type(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    (void)si;
    (void)size;
    ++*(unsigned *)ctx;
    return TRUE;
}

/* What one handle answers at an address: "name+disp file:line". */
static void describe(HANDLE h, DWORD64 addr, char *out, size_t len)
{
    char buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    IMAGEHLP_LINE64 line;
    DWORD64 disp = 0;
    DWORD ldisp = 0;

    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    if (!SymFromAddr(h, addr, &disp, si)) strcpy(si->Name, "??");
    if (!SymGetLineFromAddr64(h, addr, &ldisp, &line)) line.FileName = NULL;
    snprintf(out, len, "%s+%I64x %s:%lu", si->Name, disp, line.FileName ? line.FileName : "??",
             line.FileName ? line.LineNumber : 0);
}

static void test_large(const struct fixsym_variant *v, const char *pdb_path)
{
    static struct sym_list small_syms, large_syms;
    const HANDLE large = (HANDLE)((ULONG_PTR)PDB_HANDLE + 1);
    char image[MAX_PATH], large_image[MAX_PATH], pdb[MAX_PATH], a[600], b[600];
    IMAGEHLP_MODULE64 im, large_im;
    unsigned i, small_types = 0, large_types = 0;
    DWORD rvas[FIXSYM_MARK_COUNT + FIXSYM_FUNC_COUNT + 2];
    DWORD64 base;

    ok(stage(v, "small", pdb_path, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    ok(stage(v, "large", NULL, large_image), "cannot stage %s: %lu\n", v->name, GetLastError());
    snprintf(pdb, sizeof(pdb), "%slarge\\%s.pdb", top, v->name);
    if (!ok(grow_pdb(pdb_path, pdb, 600 * 1024), "cannot grow %s: %lu\n", pdb_path, GetLastError())) return;
    if (!load(v, image, "", SYMOPT_UNDNAME | SYMOPT_LOAD_LINES, &im)) { SymCleanup(PDB_HANDLE); return; }
    ok(SymInitialize(large, "", FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(large, NULL, large_image, NULL, v->base, 0, NULL, 0);
    ok(base == v->base, "%s: SymLoadModuleEx %#I64x, %lu\n", large_image, base, GetLastError());
    memset(&large_im, 0, sizeof(large_im));
    large_im.SizeOfStruct = sizeof(large_im);
    ok(SymGetModuleInfo64(large, v->base, &large_im), "SymGetModuleInfo64: %lu\n", GetLastError());
    todo_wine ok(large_im.SymType == SymPdb, "large PDB: SymType %d\n", large_im.SymType);
    ok(!_stricmp(large_im.LoadedPdbName, pdb) || wtest_platform == WTEST_WINE, "LoadedPdbName '%s'\n",
       large_im.LoadedPdbName);
    todo_wine ok(finds_static(v) && large_im.SymType == SymPdb, "the small PDB was not read\n");

    /* By address first (a unit at a time), every marker, function and
     * variable. */
    for (i = 0; i < FIXSYM_MARK_COUNT; i++) rvas[i] = v->info.mark[i].rva;
    for (i = 0; i < FIXSYM_FUNC_COUNT; i++) rvas[FIXSYM_MARK_COUNT + i] = v->info.func[i].rva;
    rvas[FIXSYM_MARK_COUNT + FIXSYM_FUNC_COUNT] = v->info.global_rva;
    rvas[FIXSYM_MARK_COUNT + FIXSYM_FUNC_COUNT + 1] = v->info.static_var_rva;
    for (i = 0; i < ARRAY_SIZE(rvas); i++)
    {
        describe(PDB_HANDLE, v->base + rvas[i], a, sizeof(a));
        describe(large, v->base + rvas[i], b, sizeof(b));
        ok(!strcmp(a, b), "rva %#lx: '%s' from the large PDB, '%s' from the small one\n", rvas[i], b, a);
    }
    describe(large, v->base + v->info.func[FIXSYM_FUNC_STATIC].rva, b, sizeof(b));
    todo_wine ok(!strncmp(b, "fixsym_static_fn+0 ", 19), "static function: '%s'\n", b);

    /* Then everything. */
    memset(&small_syms, 0, sizeof(small_syms));
    memset(&large_syms, 0, sizeof(large_syms));
    ok(SymEnumSymbols(PDB_HANDLE, v->base, "fixsym*", list_sym, &small_syms), "SymEnumSymbols: %lu\n", GetLastError());
    ok(SymEnumSymbols(large, v->base, "fixsym*", list_sym, &large_syms), "SymEnumSymbols: %lu\n", GetLastError());
    ok(small_syms.count == large_syms.count, "%u symbols from the large PDB, %u from the small one\n",
       large_syms.count, small_syms.count);
    {
        BOOL found = FALSE;

        for (i = 0; i < large_syms.count && i < ARRAY_SIZE(large_syms.text); i++)
            if (strstr(large_syms.text[i], " fixsym_static_fn")) found = TRUE;
        todo_wine ok(found, "fixsym_static_fn not enumerated (%u symbols)\n", large_syms.count);
    }
    if (small_syms.count == large_syms.count && small_syms.count <= ARRAY_SIZE(small_syms.text))
    {
        qsort(small_syms.text, small_syms.count, sizeof(small_syms.text[0]), text_cmp);
        qsort(large_syms.text, large_syms.count, sizeof(large_syms.text[0]), text_cmp);
        for (i = 0; i < small_syms.count; i++)
            ok(!strcmp(small_syms.text[i], large_syms.text[i]), "symbol %u: '%s' from the large PDB, '%s'\n", i,
               large_syms.text[i], small_syms.text[i]);
    }
    ok(SymEnumTypes(PDB_HANDLE, v->base, count_type, &small_types), "SymEnumTypes: %lu\n", GetLastError());
    ok(SymEnumTypes(large, v->base, count_type, &large_types), "SymEnumTypes: %lu\n", GetLastError());
    ok(small_types == large_types, "%u types from the large PDB, %u from the small one\n", large_types,
       small_types);
    todo_wine ok(small_types > 0, "no type\n");
    ok(SymGetModuleInfo64(PDB_HANDLE, v->base, &im) && SymGetModuleInfo64(large, v->base, &large_im),
       "SymGetModuleInfo64: %lu\n", GetLastError());
    ok(im.NumSyms == large_im.NumSyms, "NumSyms %lu from the large PDB, %lu from the small one\n",
       large_im.NumSyms, im.NumSyms);
    ok(im.TypeInfo == large_im.TypeInfo && im.LineNumbers == large_im.LineNumbers &&
       im.GlobalSymbols == large_im.GlobalSymbols, "TypeInfo %d/%d LineNumbers %d/%d GlobalSymbols %d/%d\n",
       large_im.TypeInfo, im.TypeInfo, large_im.LineNumbers, im.LineNumbers, large_im.GlobalSymbols,
       im.GlobalSymbols);
    SymCleanup(large);
    SymCleanup(PDB_HANDLE);
}

/* The entry point's RVA of the image at path, or 0. */
static DWORD entry_rva(const char *path)
{
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    unsigned char head[1024];
    DWORD got = 0, lfanew, rva = 0;

    if (f == INVALID_HANDLE_VALUE) return 0;
    if (ReadFile(f, head, sizeof(head), &got, NULL) && got == sizeof(head))
    {
        memcpy(&lfanew, head + 0x3c, 4);
        /* Signature, file header (20 bytes), AddressOfEntryPoint at 16. */
        if (lfanew < sizeof(head) - 48) memcpy(&rva, head + lfanew + 4 + 20 + 16, 4);
    }
    CloseHandle(f);
    return rva;
}

/* fixsym_both.dll: the fixture's PDB (grown, so read by DBI module) and
 * the CRT's DWARF in the image.  Before any enumeration, the CRT's entry
 * point is named, and with our DLL (not Microsoft's, which reads no
 * DWARF) has its crtdll.c line from the DWARF; the fixture's static
 * function its fixsym.c line from the PDB. */
static void test_both(void)
{
    char src[MAX_PATH], image[MAX_PATH], pdb[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    const DWORD64 base = 0x2d000000;
    IMAGEHLP_MODULE64 im;
    IMAGEHLP_LINE64 line;
    DWORD64 disp = 0, addr;
    DWORD ldisp = 0, entry;

    snprintf(src, sizeof(src), "%sfixsym_both.dll", wtest_fixtures);
    snprintf(image, sizeof(image), "%sboth\\fixsym_both.dll", top);
    snprintf(pdb, sizeof(pdb), "%sboth\\fixsym_both.pdb", top);
    ok(MakeSureDirectoryPathExists(image) && CopyFileA(src, image, FALSE), "cannot stage %s: %lu\n", src,
       GetLastError());
    snprintf(src, sizeof(src), "%ssymdir\\fixsym_both.pdb", wtest_fixtures);
    if (!ok(grow_pdb(src, pdb, 600 * 1024), "cannot grow %s: %lu\n", src, GetLastError())) return;
    ok((entry = entry_rva(image)) != 0, "no entry point in %s\n", image);
    SymSetOptions(SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    ok(SymInitialize(PDB_HANDLE, "", FALSE), "SymInitialize: %lu\n", GetLastError());
    ok(SymLoadModuleEx(PDB_HANDLE, NULL, image, NULL, base, 0, NULL, 0) == base, "SymLoadModuleEx: %lu\n",
       GetLastError());
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ok(SymGetModuleInfo64(PDB_HANDLE, base, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
    ok(im.SymType == SymPdb, "SymType %d\n", im.SymType);

    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    /* (The 32-bit builtin shows the PDB's public, "_DllMainCRTStartup@12",
     * decorated under SYMOPT_UNDNAME.) */
    todo_wine_if(WTEST_32BIT)
    ok(SymFromAddr(PDB_HANDLE, base + entry, &disp, si) && !strcmp(si->Name, "DllMainCRTStartup") && !disp,
       "entry point: '%s'+%#I64x\n", si->Name, disp);
    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    /* (Wine's builtin reads the PDB alone.) */
    if (wtest_platform != WTEST_WINDOWS)
        todo_wine ok(SymGetLineFromAddr64(PDB_HANDLE, base + entry, &ldisp, &line) && ends_with(line.FileName, "crtdll.c"),
           "entry point: no crtdll.c line (%s)\n", line.FileName ? line.FileName : "none");

    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    ok(SymFromName(PDB_HANDLE, "fixsym_static_fn", si), "SymFromName: %lu\n", GetLastError());
    addr = si->Address;
    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    ok(addr && SymGetLineFromAddr64(PDB_HANDLE, addr, &ldisp, &line) && ends_with(line.FileName, "fixsym.c"),
       "fixsym_static_fn: no fixsym.c line (%s)\n", line.FileName ? line.FileName : "none");
    SymCleanup(PDB_HANDLE);
}

/* CBA_DEBUG_INFO messages, gathered. */
static char trace_text[4096];

static BOOL CALLBACK trace_cb(HANDLE process, ULONG action, ULONG64 data, ULONG64 ctx)
{
    (void)process;
    (void)ctx;
    if (action != CBA_DEBUG_INFO) return FALSE;
    strncat(trace_text, (const char *)(ULONG_PTR)data, sizeof(trace_text) - strlen(trace_text) - 1);
    return TRUE;
}

/* A /DEBUG:FASTLINK PDB (its info stream's feature codes say MINI: the
 * symbols stay in the object files) is passed over with a trace, here a
 * copy of the PDB whose VC140 feature code is made MINI. */
static void test_fastlink(const struct fixsym_variant *v, const char *pdb_path)
{
    static const DWORD vc140 = 20140508, mini = 0x494e494d;
    char image[MAX_PATH], pdb[MAX_PATH];
    unsigned char *data = NULL;
    DWORD size = 0, got = 0, i, found = 0, at = 0;
    IMAGEHLP_MODULE64 im;
    HANDLE f;

    ok(stage(v, "fastlink", NULL, image), "cannot stage %s: %lu\n", v->name, GetLastError());
    snprintf(pdb, sizeof(pdb), "%sfastlink\\%s.pdb", top, v->name);
    f = CreateFileA(pdb_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f != INVALID_HANDLE_VALUE && (size = GetFileSize(f, NULL)) && (data = malloc(size)))
        ReadFile(f, data, size, &got, NULL);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    for (i = 0; data && got == size && i + 4 <= size; i++)
        if (!memcmp(data + i, &vc140, 4)) found++, at = i;
    if (!ok(found == 1, "the VC140 feature code is there %lu times\n", found))
    {
        free(data);
        return;
    }
    memcpy(data + at, &mini, 4);
    f = CreateFileA(pdb, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE && WriteFile(f, data, size, &got, NULL) && got == size, "cannot write %s\n", pdb);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    free(data);
    trace_text[0] = 0;
    SymSetOptions(SYMOPT_UNDNAME | SYMOPT_DEBUG | SYMOPT_DEFERRED_LOADS);
    ok(SymInitialize(PDB_HANDLE, "", FALSE), "SymInitialize: %lu\n", GetLastError());
    SymRegisterCallback64(PDB_HANDLE, trace_cb, 0);
    ok(SymLoadModuleEx(PDB_HANDLE, NULL, image, NULL, v->base, 0, NULL, 0) == v->base, "SymLoadModuleEx: %lu\n",
       GetLastError());
    ok(!finds_static(v), "the static function was named from a /DEBUG:FASTLINK PDB\n");
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ok(SymGetModuleInfo64(PDB_HANDLE, v->base, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
    todo_wine_if(WTEST_32BIT) ok(im.SymType == SymExport, "SymType %d\n", im.SymType);
    ok(!im.LoadedPdbName[0], "LoadedPdbName '%s'\n", im.LoadedPdbName);
    /* (Our trace; Windows and Wine word theirs their own way.) */
    if (wtest_platform == WTEST_OURS)
        ok(strstr(trace_text, "/DEBUG:FASTLINK") && strstr(trace_text, "passed over"), "trace: %s\n", trace_text);
    SymCleanup(PDB_HANDLE);
}

typedef BOOL (WINAPI *SymGetTypeFromName_fn)(HANDLE, ULONG64, PCSTR, PSYMBOL_INFO);
typedef BOOL (WINAPI *SymGetTypeInfo_fn)(HANDLE, DWORD64, ULONG, IMAGEHLP_SYMBOL_TYPE_INFO, PVOID);

#define MSVC_BASE 0x26000000

static const char *const msvc_names[FIXMSVC_FUNC_COUNT] =
{
    "fixmsvc::Shape::area", "fixmsvc::Shape::sides", "fixmsvc::Box<int>::get", "fixmsvc::hidden",
    "fixmsvc::scale", "fixmsvc::scale", "fixmsvc_stdcall",
};

/* The publics as the compiler decorated them (NULL: no public). */
static const char *const msvc_publics64[FIXMSVC_FUNC_COUNT] =
{
    "?area@Shape@fixmsvc@@QEBAHXZ", "?sides@Shape@fixmsvc@@SAHH@Z", "?get@?$Box@H@fixmsvc@@QEBAHXZ", NULL,
    "?scale@fixmsvc@@YAHH@Z", "?scale@fixmsvc@@YAHHH@Z", "fixmsvc_stdcall",
};
static const char *const msvc_publics32[FIXMSVC_FUNC_COUNT] =
{
    "?area@Shape@fixmsvc@@QBEHXZ", "?sides@Shape@fixmsvc@@SAHH@Z", "?get@?$Box@H@fixmsvc@@QBEHXZ", NULL,
    "?scale@fixmsvc@@YAHH@Z", "?scale@fixmsvc@@YAHHH@Z", "_fixmsvc_stdcall@8",
};

/* The offset of the member named name of the UDT type, or -1. */
static LONG member_offset(SymGetTypeInfo_fn info, DWORD64 base, ULONG type, const WCHAR *name)
{
    char buf[sizeof(TI_FINDCHILDREN_PARAMS) + 64 * sizeof(ULONG)];
    TI_FINDCHILDREN_PARAMS *kids = (TI_FINDCHILDREN_PARAMS *)buf;
    DWORD count = 0, offset, i;
    LONG ret = -1;

    if (!info(PDB_HANDLE, base, type, TI_GET_CHILDRENCOUNT, &count) || count > 64) return -1;
    memset(buf, 0, sizeof(buf));
    kids->Count = count;
    if (!info(PDB_HANDLE, base, type, TI_FINDCHILDREN, kids)) return -1;
    for (i = 0; i < count; i++)
    {
        WCHAR *kid = NULL;

        if (!info(PDB_HANDLE, base, kids->ChildId[i], TI_GET_SYMNAME, &kid) || !kid) continue;
        if (!wcscmp(kid, name) && info(PDB_HANDLE, base, kids->ChildId[i], TI_GET_OFFSET, &offset))
            ret = (LONG)offset;
        LocalFree(kid);
    }
    return ret;
}

static void test_msvc(void)
{
    const char *const *publics = WTEST_32BIT ? msvc_publics32 : msvc_publics64;
    SymGetTypeFromName_fn type_from_name = (SymGetTypeFromName_fn)fixsym_proc("SymGetTypeFromName");
    SymGetTypeInfo_fn type_info = (SymGetTypeInfo_fn)fixsym_proc("SymGetTypeInfo");
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    struct fixmsvc_info info;
    fixmsvc_collect_fn collect;
    IMAGEHLP_MODULE64 im;
    IMAGEHLP_LINE64 line;
    DWORD64 base, disp, length = 0;
    DWORD ldisp, tag = 0;
    HMODULE lib;
    unsigned i;

    snprintf(path, sizeof(path), "%sfixmsvc.dll", wtest_fixtures);
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES)
    {
        ok(0, "%s is not there\n", path);
        return;
    }
    memset(&info, 0, sizeof(info));
    if (!ok((lib = LoadLibraryA(path)) != NULL, "LoadLibrary(%s): %lu\n", path, GetLastError())) return;
    if ((collect = (fixmsvc_collect_fn)GetProcAddress(lib, "fixmsvc_collect"))) collect(&info);
    FreeLibrary(lib);
    if (!ok(info.size == sizeof(info), "fixmsvc_collect: size %u\n", info.size)) return;

    SymSetOptions(SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    ok(SymInitialize(PDB_HANDLE, "", FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(PDB_HANDLE, NULL, path, NULL, MSVC_BASE, 0, NULL, 0);
    ok(base == MSVC_BASE, "SymLoadModuleEx: %#I64x, %lu\n", base, GetLastError());
    memset(&im, 0, sizeof(im));
    im.SizeOfStruct = sizeof(im);
    ok(SymGetModuleInfo64(PDB_HANDLE, MSVC_BASE, &im), "SymGetModuleInfo64: %lu\n", GetLastError());
    ok(im.SymType == SymPdb, "SymType %d\n", im.SymType);
    ok(ends_with(im.LoadedPdbName, "fixmsvc.pdb"), "LoadedPdbName '%s'\n", im.LoadedPdbName);
    ok(im.CVSig == 0x53445352 && im.PdbAge >= 1 && im.PdbSig70.Data1, "CVSig %#lx, PdbAge %lu, PdbSig70 %#lx\n",
       im.CVSig, im.PdbAge, im.PdbSig70.Data1);
    ok(im.LineNumbers && im.GlobalSymbols, "LineNumbers %d, GlobalSymbols %d\n", im.LineNumbers, im.GlobalSymbols);
    ok(im.TypeInfo, "TypeInfo %d\n", im.TypeInfo);

    for (i = 0; i < FIXMSVC_FUNC_COUNT; i++)
    {
        DWORD64 addr = MSVC_BASE + info.func[i].rva;

        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        disp = 1;
        ok(SymFromAddr(PDB_HANDLE, addr, &disp, si), "%s: SymFromAddr: %lu\n", msvc_names[i], GetLastError());
        ok(!strcmp(si->Name, msvc_names[i]) && disp == 0 && si->Address == addr,
           "%s: SymFromAddr gives '%s'+%#I64x at %#I64x\n", msvc_names[i], si->Name, disp, si->Address);
        ok(si->Tag == SymTagFunction && si->Size > 0, "%s: tag %lu, size %lu\n", msvc_names[i], si->Tag,
           si->Size);
        memset(&line, 0, sizeof(line));
        line.SizeOfStruct = sizeof(line);
        ldisp = 1;
        /* (x86_64's hidden starts with the inlined twice's code, before
         * the first row of its range: Wine's builtin has no line there.) */
        todo_wine_if(i == FIXMSVC_HIDDEN && !WTEST_32BIT)
        ok(SymGetLineFromAddr64(PDB_HANDLE, addr, &ldisp, &line) && line.LineNumber == (DWORD)info.func[i].line &&
           ldisp == 0 && line.Address == addr && ends_with(line.FileName, "fixmsvc.cpp"),
           "%s: line %lu +%lu of '%s', expected %d (error %lu)\n", msvc_names[i], line.LineNumber, ldisp,
           line.FileName ? line.FileName : "(none)", info.func[i].line, GetLastError());
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ok(SymFromName(PDB_HANDLE, msvc_names[i], si), "SymFromName(%s): %lu\n", msvc_names[i], GetLastError());
        /* (Overloads share a name: either one.) */
        ok(si->Address == addr || (i == FIXMSVC_SCALE && si->Address == MSVC_BASE + info.func[FIXMSVC_SCALE2].rva) ||
           (i == FIXMSVC_SCALE2 && si->Address == MSVC_BASE + info.func[FIXMSVC_SCALE].rva),
           "SymFromName(%s): %#I64x, expected %#I64x\n", msvc_names[i], si->Address, addr);
    }
    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    ok(SymFromName(PDB_HANDLE, "fixmsvc::counter", si) && si->Address == MSVC_BASE + info.counter_rva &&
       si->Tag == SymTagData && si->Size == sizeof(int),
       "fixmsvc::counter: %#I64x (expected %#x), tag %lu, size %lu\n", si->Address, MSVC_BASE + info.counter_rva,
       si->Tag, si->Size);

    /* The class's layout from the TPI. */
    memset(buf, 0, sizeof(buf));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    if (ok(type_from_name && type_info, "no SymGetTypeFromName / SymGetTypeInfo\n") &&
        ok(type_from_name(PDB_HANDLE, MSVC_BASE, "fixmsvc::Shape", si), "SymGetTypeFromName: %lu\n", GetLastError()))
    {
        ok(type_info(PDB_HANDLE, MSVC_BASE, si->TypeIndex, TI_GET_SYMTAG, &tag) && tag == 11 /* SymTagUDT */, "tag %lu\n", tag);
        ok(type_info(PDB_HANDLE, MSVC_BASE, si->TypeIndex, TI_GET_LENGTH, &length) && length == info.shape_size,
           "length %I64u, expected %u\n", length, info.shape_size);
        ok(member_offset(type_info, MSVC_BASE, si->TypeIndex, L"h") == (LONG)info.shape_h_offset,
           "offset of h: %ld, expected %u\n", member_offset(type_info, MSVC_BASE, si->TypeIndex, L"h"),
           info.shape_h_offset);
    }

    /* The publics: decorated as the compiler made them, undecorated with
     * SYMOPT_UNDNAME (the name only, as SymFromAddr gives it). */
    for (i = 0; i < FIXMSVC_FUNC_COUNT; i++)
    {
        DWORD64 addr = MSVC_BASE + info.func[i].rva;

        if (!publics[i]) continue;
        SymSetOptions(SYMOPT_PUBLICS_ONLY | SYMOPT_LOAD_LINES);
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        /* (Wine's builtin answers the procedure: it has no
         * SYMOPT_PUBLICS_ONLY.) */
        todo_wine_if(strcmp(publics[i], msvc_names[i]))
        ok(SymFromAddr(PDB_HANDLE, addr, &disp, si) && !strcmp(si->Name, publics[i]) && disp == 0,
           "public at %s: '%s'+%#I64x, expected '%s'\n", msvc_names[i], si->Name, disp, publics[i]);
        SymSetOptions(SYMOPT_PUBLICS_ONLY | SYMOPT_LOAD_LINES | SYMOPT_UNDNAME);
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ok(SymFromAddr(PDB_HANDLE, addr, &disp, si) && !strcmp(si->Name, msvc_names[i]) && disp == 0,
           "public at %s, undecorated: '%s'+%#I64x\n", msvc_names[i], si->Name, disp);
    }
    SymCleanup(PDB_HANDLE);
}

START_TEST(pdb)
{
    const struct fixsym_variant *v, *other;
    char pdb_path[MAX_PATH];

    if (!fixsym_prepare()) return;
    if (!(v = fixsym_find("fixsym_pdbp")) || !(other = fixsym_find("fixsym_pdbo")))
    {
        skip("the PDB packagings of the symbol fixture are not there\n");
        return;
    }
    snprintf(top, sizeof(top), "%spdbarea\\", wtest_tmpdir);
    snprintf(pdb_path, sizeof(pdb_path), "%ssymdir\\%s.pdb", wtest_fixtures, v->name);
    test_mismatch(v, other);
    test_store(v, pdb_path);
    test_symbols_dir(v, pdb_path);
    test_delete_after_load(v, pdb_path);
    test_deferred(v, pdb_path);
    test_large(v, pdb_path);
    test_fastlink(v, pdb_path);
    test_both();
    test_msvc();
}
