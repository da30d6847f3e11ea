/*
 * cvinfo.c: what SymGetModuleInfo64 reports from an image's CodeView
 * record when no PDB is read: PdbSig70 / PdbSig, PdbAge, CVSig, CVData.
 *
 * Evidence for Windows: Wine's dbghelp tests of module loading (path.c,
 * test_load_modules_path and test_load_modules_details, which pass on
 * Windows) load a DLL with no exports whose debug directory holds an RSDS
 * record, with no PDB to be found, and expect SymType SymNone, the GUID in
 * PdbSig70, the record's age in PdbAge, PdbSig 0, no LoadedPdbName, and
 * PdbUnmatched FALSE, with or without SLMFLAG_NO_SYMBOLS; a deferred
 * module reports none of it until it is loaded, and a DLL with no record
 * reports a null GUID and age 0.  CVSig and CVData are "the signature of
 * the CV record" and "the contents of the CV record" (Microsoft's
 * IMAGEHLP_MODULE64 documentation): the record's magic and the PDB path it
 * holds.  Wine 8.0's builtin reports none of these.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "mkpe.h"
#include <dbghelp.h>

static HANDLE proc = (HANDLE)(ULONG_PTR)0xc0de0c0d;
static const GUID guid1 = {0x1234abcd, 0x3456, 0x5678, {0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x0a, 0x0b}};
static const GUID null_guid;

#define RSDS_SIG 0x53445352 /* "RSDS" */
#define NB10_SIG 0x3031424e /* "NB10" */

static BOOL make_dll(const char *path, BOOL pe64, DWORD type, const void *rec, DWORD size)
{
    struct mkpe pe;

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = pe64;
    pe.timestamp = 12324;
    pe.debug_type = type;
    pe.debug_data = rec;
    pe.debug_size = size;
    return mkpe_write(path, &pe);
}

static DWORD64 load(const char *path, DWORD flags)
{
    WCHAR wpath[MAX_PATH];

    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    return SymLoadModuleExW(proc, NULL, wpath, NULL, 0x4000, 0x6666, NULL, flags);
}

static void get_info(DWORD64 base, IMAGEHLP_MODULEW64 *im)
{
    memset(im, 0xa5, sizeof(*im));
    im->SizeOfStruct = sizeof(*im);
    ok(SymGetModuleInfoW64(proc, base, im), "SymGetModuleInfoW64: %lu\n", GetLastError());
}

static void test_rsds(BOOL pe64, DWORD flags)
{
    char path[MAX_PATH];
    BYTE rec[64];
    DWORD size = mkpe_rsds(rec, &guid1, 0x0030cafe, "bar.pdb");
    IMAGEHLP_MODULEW64 im;
    IMAGEHLP_MODULE64 ima;
    DWORD64 base;

    winetest_push_context("RSDS %s flags %#lx", pe64 ? "PE32+" : "PE32", flags);
    snprintf(path, sizeof(path), "%sbar%d%lx.dll", wtest_tmpdir, pe64, flags);
    ok(make_dll(path, pe64, IMAGE_DEBUG_TYPE_CODEVIEW, rec, size), "cannot write %s\n", path);
    ok(SymInitialize(proc, wtest_tmpdir, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = load(path, flags);
    /* Wine's builtin refuses a file of the other bitness (Windows' loads
     * either). */
    todo_wine_if(pe64 == WTEST_32BIT)
    ok(base == 0x4000, "SymLoadModuleExW: %#I64x, %lu\n", base, GetLastError());
    if (!base)
    {
        SymCleanup(proc);
        DeleteFileA(path);
        winetest_pop_context();
        return;
    }
    get_info(base, &im);
    todo_wine ok(im.SymType == SymNone, "SymType %u\n", im.SymType);
    ok(!im.LoadedPdbName[0], "LoadedPdbName %ls\n", im.LoadedPdbName);
    todo_wine ok(IsEqualGUID(&im.PdbSig70, &guid1), "PdbSig70 differs\n");
    todo_wine ok(im.PdbAge == 0x0030cafe, "PdbAge %#lx\n", im.PdbAge);
    ok(im.PdbSig == 0, "PdbSig %#lx\n", im.PdbSig);
    ok(!im.PdbUnmatched, "PdbUnmatched\n");
    ok(!im.DbgUnmatched, "DbgUnmatched\n");
    todo_wine ok(im.CVSig == RSDS_SIG, "CVSig %#lx\n", im.CVSig);
    todo_wine ok(!wcscmp(im.CVData, L"bar.pdb"), "CVData %ls\n", im.CVData);
    ok(im.TimeDateStamp == 12324, "TimeDateStamp %lu\n", im.TimeDateStamp);
    ok(im.ImageSize == 0x6666, "ImageSize %#lx\n", im.ImageSize);

    /* The ANSI form says the same. */
    memset(&ima, 0xa5, sizeof(ima));
    ima.SizeOfStruct = sizeof(ima);
    ok(SymGetModuleInfo64(proc, base, &ima), "SymGetModuleInfo64: %lu\n", GetLastError());
    todo_wine ok(IsEqualGUID(&ima.PdbSig70, &guid1), "ANSI PdbSig70 differs\n");
    todo_wine ok(ima.PdbAge == 0x0030cafe, "ANSI PdbAge %#lx\n", ima.PdbAge);
    todo_wine ok(ima.CVSig == RSDS_SIG, "ANSI CVSig %#lx\n", ima.CVSig);
    todo_wine ok(!strcmp(ima.CVData, "bar.pdb"), "ANSI CVData %s\n", ima.CVData);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
    DeleteFileA(path);
    winetest_pop_context();
}

static void test_nb10(void)
{
    char path[MAX_PATH];
    BYTE rec[64];
    DWORD size = mkpe_nb10(rec, 0x5eed1234, 7, "old.pdb");
    IMAGEHLP_MODULEW64 im;
    DWORD64 base;

    snprintf(path, sizeof(path), "%sold.dll", wtest_tmpdir);
    ok(make_dll(path, !WTEST_32BIT, IMAGE_DEBUG_TYPE_CODEVIEW, rec, size), "cannot write %s\n", path);
    ok(SymInitialize(proc, wtest_tmpdir, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = load(path, 0);
    ok(base == 0x4000, "SymLoadModuleExW: %#I64x, %lu\n", base, GetLastError());
    get_info(base, &im);
    ok(IsEqualGUID(&im.PdbSig70, &null_guid), "NB10: PdbSig70 set\n");
    todo_wine ok(im.PdbSig == 0x5eed1234, "NB10: PdbSig %#lx\n", im.PdbSig);
    todo_wine ok(im.PdbAge == 7, "NB10: PdbAge %lu\n", im.PdbAge);
    todo_wine ok(im.CVSig == NB10_SIG, "NB10: CVSig %#lx\n", im.CVSig);
    todo_wine ok(!wcscmp(im.CVData, L"old.pdb"), "NB10: CVData %ls\n", im.CVData);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
    DeleteFileA(path);
}

/* No record (or a debug entry of another type): nothing reported. */
static void test_no_record(void)
{
    static const BYTE misc[16] = {1};
    char path[MAX_PATH];
    IMAGEHLP_MODULEW64 im;
    DWORD64 base;
    int i;

    for (i = 0; i < 2; i++)
    {
        winetest_push_context("%s", i ? "misc entry" : "no debug directory");
        snprintf(path, sizeof(path), "%snone%d.dll", wtest_tmpdir, i);
        ok(make_dll(path, !WTEST_32BIT, i ? IMAGE_DEBUG_TYPE_MISC : 0, misc, sizeof(misc)),
           "cannot write %s\n", path);
        ok(SymInitialize(proc, wtest_tmpdir, FALSE), "SymInitialize: %lu\n", GetLastError());
        base = load(path, SLMFLAG_NO_SYMBOLS);
        ok(base == 0x4000, "SymLoadModuleExW: %#I64x, %lu\n", base, GetLastError());
        get_info(base, &im);
        todo_wine ok(im.SymType == SymNone, "SymType %u\n", im.SymType);
        ok(IsEqualGUID(&im.PdbSig70, &null_guid), "PdbSig70 set\n");
        ok(im.PdbAge == 0 && im.PdbSig == 0, "PdbAge %lu PdbSig %#lx\n", im.PdbAge, im.PdbSig);
        ok(im.CVSig == 0 && !im.CVData[0], "CVSig %#lx CVData %ls\n", im.CVSig, im.CVData);
        ok(!im.LoadedPdbName[0], "LoadedPdbName %ls\n", im.LoadedPdbName);
        ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
        DeleteFileA(path);
        winetest_pop_context();
    }
}

/* Deferred: nothing until the symbols are loaded. */
static void test_deferred(void)
{
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 64];
    SYMBOL_INFO *sym = (SYMBOL_INFO *)buf;
    BYTE rec[64];
    DWORD size = mkpe_rsds(rec, &guid1, 0x0030cafe, "bar.pdb");
    IMAGEHLP_MODULEW64 im;
    DWORD64 base;
    DWORD old = SymGetOptions();

    snprintf(path, sizeof(path), "%sdeferred.dll", wtest_tmpdir);
    ok(make_dll(path, !WTEST_32BIT, IMAGE_DEBUG_TYPE_CODEVIEW, rec, size), "cannot write %s\n", path);
    ok(SymInitialize(proc, wtest_tmpdir, FALSE), "SymInitialize: %lu\n", GetLastError());
    SymSetOptions(old | SYMOPT_DEFERRED_LOADS);
    base = load(path, 0);
    ok(base == 0x4000, "SymLoadModuleExW: %#I64x, %lu\n", base, GetLastError());
    get_info(base, &im);
    ok(im.SymType == SymDeferred, "SymType %u\n", im.SymType);
    ok(IsEqualGUID(&im.PdbSig70, &null_guid), "deferred: PdbSig70 set\n");
    ok(im.PdbAge == 0, "deferred: PdbAge %#lx\n", im.PdbAge);
    ok(im.CVSig == 0, "deferred: CVSig %#lx\n", im.CVSig);
    /* A lookup loads the symbols. */
    memset(buf, 0, sizeof(buf));
    sym->SizeOfStruct = sizeof(*sym);
    sym->MaxNameLen = 64;
    SymFromName(proc, "deferred!nothing", sym);
    get_info(base, &im);
    todo_wine ok(im.SymType == SymNone, "loaded: SymType %u\n", im.SymType);
    todo_wine ok(IsEqualGUID(&im.PdbSig70, &guid1), "loaded: PdbSig70 differs\n");
    todo_wine ok(im.PdbAge == 0x0030cafe, "loaded: PdbAge %#lx\n", im.PdbAge);
    SymSetOptions(old);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
    DeleteFileA(path);
}

START_TEST(cvinfo)
{
    /* dbghelp reads these variables into the search path. */
    SetEnvironmentVariableA("_NT_SYMBOL_PATH", NULL);
    SetEnvironmentVariableA("_NT_ALT_SYMBOL_PATH", NULL);
    test_rsds(TRUE, 0);
    test_rsds(TRUE, SLMFLAG_NO_SYMBOLS);
    test_rsds(FALSE, 0);
    test_nb10();
    test_no_record();
    test_deferred();
}
