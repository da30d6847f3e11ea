/*
 * symsrv.c: what symbol servers index files by: SymSrvGetFileIndexInfo(W),
 * SymSrvGetFileIndexes(W), SymSrvGetFileIndexString(W), on hand-made
 * images (PE32 and PE32+), a PDB 7.0 file and a .dbg file.
 *
 * Evidence for Windows: Wine's dbghelp tests (path.c,
 * test_srvgetindexes_pe/_pdb/_dbg, which pass on Windows): the error
 * cases, the records adding up, the .dbg name reported for stripped
 * images only, and what a PDB and a .dbg file give (the DBI stream's age,
 * not the info stream's).  The index strings are symstore's directory
 * names (Microsoft's "Symbol Store Folder Tree" documentation:
 * TimeDateStamp and SizeOfImage for images, GUID and age for PDBs).
 * Wine 8.0's builtin fails the ANSI SymSrvGetFileIndexInfo with
 * ERROR_CALL_NOT_IMPLEMENTED and has stubs that abort for the others: the
 * comparison run records one failure and calls nothing else.
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "mkpe.h"
#include <dbghelp.h>

static BOOL (WINAPI *pSymSrvGetFileIndexInfo)(PCSTR, PSYMSRV_INDEX_INFO, DWORD);
static BOOL (WINAPI *pSymSrvGetFileIndexInfoW)(PCWSTR, PSYMSRV_INDEX_INFOW, DWORD);
static BOOL (WINAPI *pSymSrvGetFileIndexes)(PCSTR, GUID *, DWORD *, DWORD *, DWORD);
static BOOL (WINAPI *pSymSrvGetFileIndexStringW)(HANDLE, PCWSTR, PCWSTR, PWSTR, size_t, DWORD);
static BOOL (WINAPI *pSymSrvGetFileIndexString)(HANDLE, PCSTR, PCSTR, PSTR, size_t, DWORD);

static const GUID guid1 = {0x1234abcd, 0x3456, 0x5678, {0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x0a, 0x0b}};
static const GUID null_guid;
static HANDLE proc = (HANDLE)(ULONG_PTR)0x5e55e55e;

static BYTE rec_nb10[64], rec_rsds[64], rec_misc[64], rec_empty[4];
static DWORD len_nb10, len_rsds, len_misc;

struct pe_case
{
    WORD charac;
    const char *records;   /* n = NB10, r = RSDS, m = MISC, e = unknown type */
    BOOL error;
    DWORD age;
    const GUID *guid;
    DWORD sig;
    const char *pdb, *dbg;
};

static const struct pe_case pe_cases[] =
{
    { 0,                         "",   TRUE },
    { IMAGE_FILE_DEBUG_STRIPPED, "e",  TRUE },
    { IMAGE_FILE_DEBUG_STRIPPED, "n",  TRUE },
    { IMAGE_FILE_DEBUG_STRIPPED, "r",  TRUE },
    { IMAGE_FILE_DEBUG_STRIPPED, "",   TRUE },
    { 0,                         "e",  FALSE, 0,   &null_guid, 0,          "",       "" },
    { 0,                         "n",  FALSE, 123, &null_guid, 0xaaaabbbb, "jg.pdb", "" },
    { 0,                         "r",  FALSE, 124, &guid1,     0,          "ds.pdb", "" },
    { IMAGE_FILE_DEBUG_STRIPPED, "m",  FALSE, 0,   &null_guid, 0,          "",       ".\\a.dbg" },
    { 0,                         "m",  FALSE, 0,   &null_guid, 0,          "",       "" },
    { 0,                         "nr", FALSE, 124, &guid1,     0xaaaabbbb, "ds.pdb", "" },
    { 0,                         "rn", FALSE, 123, &guid1,     0xaaaabbbb, "jg.pdb", "" },
    { IMAGE_FILE_DEBUG_STRIPPED, "mr", FALSE, 124, &guid1,     0,          "ds.pdb", ".\\a.dbg" },
    { 0,                         "rm", FALSE, 124, &guid1,     0,          "ds.pdb", "" },
};

static BOOL write_pe(const char *path, BOOL pe64, const struct pe_case *c)
{
    struct mkpe pe;
    const char *r;

    memset(&pe, 0, sizeof(pe));
    pe.pe64 = pe64;
    pe.timestamp = 0x67890000;
    pe.size_of_image = 0x0030cafe;
    pe.characteristics = c->charac;
    for (r = c->records; *r; r++, pe.nmore++)
    {
        pe.more[pe.nmore].type = *r == 'm' ? IMAGE_DEBUG_TYPE_MISC :
                                 *r == 'e' ? IMAGE_DEBUG_TYPE_UNKNOWN : IMAGE_DEBUG_TYPE_CODEVIEW;
        pe.more[pe.nmore].data = *r == 'n' ? rec_nb10 : *r == 'r' ? rec_rsds : *r == 'm' ? rec_misc : rec_empty;
        pe.more[pe.nmore].size = *r == 'n' ? len_nb10 : *r == 'r' ? len_rsds : *r == 'm' ? len_misc : 0;
    }
    return mkpe_write(path, &pe);
}

static void test_images(void)
{
    SYMSRV_INDEX_INFO info;
    char path[MAX_PATH], name[32];
    unsigned i, bits;
    BOOL ret;

    len_nb10 = mkpe_nb10(rec_nb10, 0xaaaabbbb, 123, "jg.pdb");
    len_rsds = mkpe_rsds(rec_rsds, &guid1, 124, "ds.pdb");
    len_misc = mkpe_misc(rec_misc, ".\\a.dbg");
    for (bits = 32; bits <= 64; bits += 32)
        for (i = 0; i < ARRAY_SIZE(pe_cases); i++)
        {
            const struct pe_case *c = &pe_cases[i];

            winetest_push_context("%u-bit #%u %s", bits, i, c->records);
            snprintf(name, sizeof(name), "idx%u_%u.dll", bits, i);
            snprintf(path, sizeof(path), "%s%s", wtest_tmpdir, name);
            ok(write_pe(path, bits == 64, c), "cannot write %s\n", path);
            memset(&info, 0xa5, sizeof(info));
            info.sizeofstruct = sizeof(info);
            SetLastError(0xdeadbeef);
            ret = pSymSrvGetFileIndexInfo(path, &info, 0);
            if (c->error)
            {
                ok(!ret, "succeeded\n");
                ok(GetLastError() == ERROR_BAD_EXE_FORMAT, "error %lu\n", GetLastError());
            }
            else
            {
                ok(ret, "failed: %lu\n", GetLastError());
                ok(!strcmp(info.file, name), "file %s\n", info.file);
                ok(info.stripped == ((c->charac & IMAGE_FILE_DEBUG_STRIPPED) != 0),
                   "stripped %d\n", info.stripped);
                ok(info.timestamp == 0x67890000, "timestamp %#lx\n", info.timestamp);
                ok(info.size == 0x0030cafe, "size %#lx\n", info.size);
                ok(info.age == c->age, "age %lu\n", info.age);
                ok(IsEqualGUID(&info.guid, c->guid), "guid differs\n");
                ok(info.sig == c->sig, "sig %#lx\n", info.sig);
                ok(!strcmp(info.pdbfile, c->pdb), "pdbfile %s\n", info.pdbfile);
                ok(!strcmp(info.dbgfile, c->dbg), "dbgfile %s\n", info.dbgfile);
            }
            DeleteFileA(path);
            winetest_pop_context();
        }
}

/* A PDB 7.0 file: the MSF container with the info stream (its GUID, and
 * an age that is not the one reported) and the DBI stream's header (the
 * age that is). */
static BOOL write_pdb(const char *path, const GUID *guid, DWORD age)
{
    static BYTE f[7 * 512];
    DWORD v, *dir = (DWORD *)(f + 4 * 512), written = 0;
    HANDLE h;
    BOOL ret;

    memset(f, 0, sizeof(f));
    memcpy(f, "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0\0", 32);
    v = 512; memcpy(f + 32, &v, 4);
    v = 1; memcpy(f + 36, &v, 4);
    v = 7; memcpy(f + 40, &v, 4);
    v = 28; memcpy(f + 44, &v, 4);
    v = 3; memcpy(f + 52, &v, 4);
    v = 4; memcpy(f + 3 * 512, &v, 4);
    dir[0] = 4;            /* streams */
    dir[1] = 0;
    dir[2] = 28;           /* info */
    dir[3] = 0xffffffff;   /* TPI: nil */
    dir[4] = 12;           /* DBI */
    dir[5] = 5;
    dir[6] = 6;
    v = 20000404; memcpy(f + 5 * 512, &v, 4);
    v = ~age; memcpy(f + 5 * 512 + 8, &v, 4);
    memcpy(f + 5 * 512 + 12, guid, 16);
    v = 0xffffffff; memcpy(f + 6 * 512, &v, 4);
    v = 19990903; memcpy(f + 6 * 512 + 4, &v, 4);
    memcpy(f + 6 * 512 + 8, &age, 4);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(h, f, sizeof(f), &written, NULL) && written == sizeof(f);
    CloseHandle(h);
    return ret;
}

static BOOL write_dbg(const char *path, DWORD stamp, DWORD size)
{
    IMAGE_SEPARATE_DEBUG_HEADER hdr;
    IMAGE_DEBUG_DIRECTORY dd;
    DWORD written = 0;
    HANDLE h;
    BOOL ret;

    memset(&hdr, 0, sizeof(hdr));
    memset(&dd, 0, sizeof(dd));
    hdr.Signature = IMAGE_SEPARATE_DEBUG_SIGNATURE;
    hdr.Machine = IMAGE_FILE_MACHINE_AMD64;
    hdr.Characteristics = 0x010e;
    hdr.TimeDateStamp = stamp;
    hdr.ImageBase = 0x40000;
    hdr.SizeOfImage = size;
    hdr.DebugDirectorySize = sizeof(dd);
    dd.Type = IMAGE_DEBUG_TYPE_CODEVIEW;
    dd.TimeDateStamp = stamp + 1;
    dd.PointerToRawData = sizeof(hdr) + sizeof(dd);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile(h, &hdr, sizeof(hdr), &written, NULL) && WriteFile(h, &dd, sizeof(dd), &written, NULL);
    CloseHandle(h);
    return ret;
}

static void test_pdb_dbg(void)
{
    SYMSRV_INDEX_INFO info;
    char path[MAX_PATH];
    BOOL ret;

    snprintf(path, sizeof(path), "%sidx.pdb", wtest_tmpdir);
    ok(write_pdb(path, &guid1, 240), "cannot write %s\n", path);
    memset(&info, 0x45, sizeof(info));
    info.sizeofstruct = sizeof(info);
    ret = pSymSrvGetFileIndexInfo(path, &info, 0);
    ok(ret, "PDB: %lu\n", GetLastError());
    if (ret)
    {
        ok(info.age == 240, "PDB: age %lu (the DBI stream's is 240)\n", info.age);
        ok(IsEqualGUID(&info.guid, &guid1), "PDB: guid differs\n");
        ok(info.sig == 0 && info.size == 0 && info.timestamp == 0 && !info.stripped,
           "PDB: sig %#lx size %#lx timestamp %#lx stripped %d\n", info.sig, info.size,
           info.timestamp, info.stripped);
        ok(!strcmp(info.file, "idx.pdb") && !info.pdbfile[0] && !info.dbgfile[0],
           "PDB: file %s pdbfile %s dbgfile %s\n", info.file, info.pdbfile, info.dbgfile);
    }
    DeleteFileA(path);

    snprintf(path, sizeof(path), "%sidx.dbg", wtest_tmpdir);
    ok(write_dbg(path, 0x1234, 0x560000), "cannot write %s\n", path);
    memset(&info, 0x45, sizeof(info));
    info.sizeofstruct = sizeof(info);
    ret = pSymSrvGetFileIndexInfo(path, &info, 0);
    ok(ret, "DBG: %lu\n", GetLastError());
    if (ret)
    {
        ok(info.age == 0 && IsEqualGUID(&info.guid, &null_guid) && info.sig == 0,
           "DBG: age %lu sig %#lx\n", info.age, info.sig);
        ok(info.size == 0x560000 && info.timestamp == 0x1234, "DBG: size %#lx timestamp %#lx\n",
           info.size, info.timestamp);
        ok(!strcmp(info.file, "idx.dbg"), "DBG: file %s\n", info.file);
    }
    DeleteFileA(path);

    /* Not a file any of these readers knows; no file at all. */
    snprintf(path, sizeof(path), "%sidx.txt", wtest_tmpdir);
    {
        HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        DWORD w;

        WriteFile(h, "just some text, nothing to index", 32, &w, NULL);
        CloseHandle(h);
    }
    info.sizeofstruct = sizeof(info);
    ok(!pSymSrvGetFileIndexInfo(path, &info, 0), "text file indexed\n");
    DeleteFileA(path);
    snprintf(path, sizeof(path), "%sno-such-file.dll", wtest_tmpdir);
    SetLastError(0xdeadbeef);
    ok(!pSymSrvGetFileIndexInfo(path, &info, 0), "missing file indexed\n");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "missing file: error %lu\n", GetLastError());
}

/* The Unicode and the index forms. */
static void test_other_forms(void)
{
    SYMSRV_INDEX_INFOW winfo;
    char path[MAX_PATH], index[64];
    WCHAR wpath[MAX_PATH], windex[64];
    struct pe_case c = pe_cases[7];   /* RSDS */
    GUID id;
    DWORD v1, v2;

    snprintf(path, sizeof(path), "%sforms.dll", wtest_tmpdir);
    ok(write_pe(path, TRUE, &c), "cannot write %s\n", path);
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    memset(&winfo, 0, sizeof(winfo));
    winfo.sizeofstruct = sizeof(winfo);
    ok(pSymSrvGetFileIndexInfoW(wpath, &winfo, 0), "W: %lu\n", GetLastError());
    ok(!wcscmp(winfo.file, L"forms.dll") && !wcscmp(winfo.pdbfile, L"ds.pdb") && winfo.age == 124,
       "W: %ls %ls %lu\n", winfo.file, winfo.pdbfile, winfo.age);
    winfo.sizeofstruct = sizeof(winfo) - 1;
    SetLastError(0xdeadbeef);
    ok(!pSymSrvGetFileIndexInfoW(wpath, &winfo, 0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "short structure: %lu\n", GetLastError());

    ok(pSymSrvGetFileIndexes(path, &id, &v1, &v2, 0), "indexes: %lu\n", GetLastError());
    ok(id.Data1 == 0x67890000 && v1 == 0x0030cafe && v2 == 0, "image indexes %#lx %#lx %#lx\n",
       id.Data1, v1, v2);
    ok(SymInitialize(proc, NULL, FALSE), "SymInitialize: %lu\n", GetLastError());
    ok(pSymSrvGetFileIndexString(proc, NULL, path, index, sizeof(index), 0), "string: %lu\n",
       GetLastError());
    ok(!strcmp(index, "6789000030cafe"), "image index %s\n", index);
    ok(!pSymSrvGetFileIndexString(proc, NULL, path, index, 5, 0), "short buffer accepted\n");
    DeleteFileA(path);

    snprintf(path, sizeof(path), "%sforms.pdb", wtest_tmpdir);
    ok(write_pdb(path, &guid1, 0x2a), "cannot write %s\n", path);
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    ok(pSymSrvGetFileIndexes(path, &id, &v1, &v2, 0), "PDB indexes: %lu\n", GetLastError());
    ok(IsEqualGUID(&id, &guid1) && v1 == 0x2a && v2 == 0, "PDB indexes %#lx %#lx\n", v1, v2);
    ok(pSymSrvGetFileIndexStringW(proc, NULL, wpath, windex, ARRAY_SIZE(windex), 0),
       "PDB string: %lu\n", GetLastError());
    ok(!wcscmp(windex, L"1234ABCD34565678A0B0C0D0E0F00A0B2a"), "PDB index %ls\n", windex);
    ok(SymCleanup(proc), "SymCleanup: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!pSymSrvGetFileIndexString(proc, NULL, path, index, sizeof(index), 0) &&
       GetLastError() == ERROR_INVALID_HANDLE, "after cleanup: %lu\n", GetLastError());
    DeleteFileA(path);
}

#define GET(name) (p##name = (void *)wtest_dbghelp_proc(#name))

START_TEST(symsrv)
{
    ok(GET(SymSrvGetFileIndexInfo) && GET(SymSrvGetFileIndexInfoW) && GET(SymSrvGetFileIndexes) &&
       GET(SymSrvGetFileIndexStringW) && GET(SymSrvGetFileIndexString), "a function is missing\n");
    if (!pSymSrvGetFileIndexInfo || !pSymSrvGetFileIndexInfoW || !pSymSrvGetFileIndexes ||
        !pSymSrvGetFileIndexStringW || !pSymSrvGetFileIndexString)
        return;
    if (wtest_platform == WTEST_WINE)
    {
        /* Wine 8.0's ANSI form fails every call with
         * ERROR_CALL_NOT_IMPLEMENTED: one check records it. */
        SYMSRV_INDEX_INFO info;
        char path[MAX_PATH];

        len_rsds = mkpe_rsds(rec_rsds, &guid1, 124, "ds.pdb");
        snprintf(path, sizeof(path), "%sprobe.dll", wtest_tmpdir);
        ok(write_pe(path, TRUE, &pe_cases[7]), "cannot write %s\n", path);
        info.sizeofstruct = sizeof(info);
        todo_wine ok(pSymSrvGetFileIndexInfo(path, &info, 0), "SymSrvGetFileIndexInfo: %lu\n",
                     GetLastError());
        DeleteFileA(path);
        return;
    }
    test_images();
    test_pdb_dbg();
    test_other_forms();
}
