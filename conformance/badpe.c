/*
 * badpe.c: SymLoadModuleEx on malformed PE files.
 *
 * Every row of the table is a file written at run time into wtest_tmpdir:
 * a few built from scratch, the others corrupted copies of the fixture DLL
 * fixa.dll.  For each row the load must return (no crash, no hang), and
 * either fail cleanly (0 and an error code, no module left behind) or load
 * a module that SymGetModuleInfo64 describes and SymUnloadModule64 removes.
 * Either way the file must be deletable right after: a failed or unloaded
 * module keeps no handle or mapping of it.  Finally the whole table is run
 * many times and the process heap must not grow.
 *
 * Expectations: for a file that is not a PE image at all both Windows and
 * Wine fail the load; the exact code is asserted where Wine's builtin and
 * common sense agree.  Damage past the headers (exports, section data,
 * debug data) must not stop the module from loading: dbghelp only needs the
 * headers to register a module (its symbols may even be deferred), and a
 * debugger wants the module known even when its tables are garbage.  Where
 * neither Windows evidence nor common sense decides, the row accepts "fails
 * or loads".  Symbols are loaded at load time here (no SYMOPT_DEFERRED_LOADS)
 * so that the export, COFF and DWARF readers all see the damage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

/* A fake process handle: dbghelp keys its process list on the value, and a
 * non-process handle keeps the native loader (ELF/Mach-O, live module list)
 * out of the way. */
#define BADPE_HANDLE ((HANDLE)(ULONG_PTR)0x0bad9e01)
#define BADPE_BASE 0x7d000000ULL
#define BADPE_STEP 0x00100000ULL
#define STRESS_RUNS 50
#define HEAP_SLACK (64 * 1024)

enum expect
{
    EXPECT_FAIL,   /* 0 returned; `error` if non-zero is the exact code */
    EXPECT_LOAD,   /* the module loads at the requested base */
    EXPECT_EITHER  /* fails cleanly or loads */
};

/* An image being built: a heap copy of the file's bytes. */
struct image
{
    BYTE *data;
    DWORD size;
    DWORD alloc;
};

/* What the fixture looks like, found once; every offset below is a file
 * offset into the pristine copy. */
struct layout
{
    DWORD nt;           /* e_lfanew */
    DWORD opt;          /* optional header */
    DWORD sections;     /* first section header */
    WORD nsections;
    WORD magic;
    DWORD ndirs_off;    /* NumberOfRvaAndSizes */
    DWORD dirs;         /* DataDirectory[0] */
    DWORD exp;          /* export directory (file offset), 0 if none */
    DWORD exp_rva;
    DWORD exp_size;
    int exp_section;    /* section holding the export directory */
    DWORD debug_info_off; /* file offset of .debug_info data, 0 if none */
};

static BYTE *fixture;
static DWORD fixture_size;
static struct layout lay;

static BOOL (WINAPI *pSymUnloadModule64)(HANDLE, DWORD64);
static BOOL (WINAPI *pSymEnumSymbols)(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK,
                                      PVOID);
static BOOL (WINAPI *pSymFromName)(HANDLE, PCSTR, PSYMBOL_INFO);
static BOOL (WINAPI *pSymFromAddr)(HANDLE, DWORD64, PDWORD64, PSYMBOL_INFO);

static DWORD get_dword(const BYTE *p) { DWORD v; memcpy(&v, p, 4); return v; }
static WORD get_word(const BYTE *p) { WORD v; memcpy(&v, p, 2); return v; }
static void put_dword(BYTE *p, DWORD v) { memcpy(p, &v, 4); }
static void put_word(BYTE *p, WORD v) { memcpy(p, &v, 2); }

static BOOL read_file(const char *path, BYTE **data, DWORD *size)
{
    HANDLE file;
    DWORD done;
    BOOL ret;

    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    *size = GetFileSize(file, NULL);
    *data = HeapAlloc(GetProcessHeap(), 0, *size ? *size : 1);
    ret = *data && ReadFile(file, *data, *size, &done, NULL) && done == *size;
    CloseHandle(file);
    return ret;
}

static BOOL write_file(const char *path, const void *data, DWORD size)
{
    HANDLE file;
    DWORD done = 0;
    BOOL ret;

    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = (!size || WriteFile(file, data, size, &done, NULL)) && done == size;
    CloseHandle(file);
    return ret;
}

/* TRUE when nothing holds the file any more, then it is deleted.  Two
 * probes: an exclusive open fails with a sharing violation while another
 * handle is open; and a file deleted while a handle or a mapping of it is
 * alive stays "delete pending", so creating it again fails (Windows and
 * Wine both; Wine's exclusive open does not see a mapping). */
static BOOL release_file(const char *path, DWORD *error)
{
    HANDLE file;

    SetLastError(0xdeadbeef);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    *error = GetLastError();
    if (file == INVALID_HANDLE_VALUE)
    {
        DeleteFileA(path); /* so that the directory can go */
        return FALSE;
    }
    CloseHandle(file);
    if (!DeleteFileA(path))
    {
        *error = GetLastError();
        return FALSE;
    }
    SetLastError(0xdeadbeef);
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    *error = GetLastError();
    if (file == INVALID_HANDLE_VALUE) return FALSE;
    CloseHandle(file);
    DeleteFileA(path);
    return TRUE;
}

/* File offset of an RVA through the fixture's section table, 0 if none. */
static DWORD rva_to_offset(DWORD rva, int *index)
{
    int i;

    for (i = 0; i < lay.nsections; i++)
    {
        const BYTE *sh = fixture + lay.sections + i * sizeof(IMAGE_SECTION_HEADER);
        DWORD va = get_dword(sh + 12), vsize = get_dword(sh + 8);
        DWORD raw = get_dword(sh + 20), rawsize = get_dword(sh + 16);
        DWORD span = vsize > rawsize ? vsize : rawsize;

        if (rva >= va && rva < va + span && rva - va < rawsize)
        {
            if (index) *index = i;
            return raw + (rva - va);
        }
    }
    return 0;
}

/* Parse the fixture's headers once; FALSE if it does not look like the
 * PE32+ (x86_64 tree) or PE32 (i686 tree) DLL with exports that the rows
 * expect. */
static BOOL parse_fixture(void)
{
    DWORD opt_size;
    int i;

    if (fixture_size < 0x40 || get_word(fixture) != IMAGE_DOS_SIGNATURE) return FALSE;
    lay.nt = get_dword(fixture + 0x3c);
    if (lay.nt > fixture_size - 0x200 || get_dword(fixture + lay.nt) != IMAGE_NT_SIGNATURE)
        return FALSE;
    lay.nsections = get_word(fixture + lay.nt + 6);
    opt_size = get_word(fixture + lay.nt + 20);
    lay.opt = lay.nt + 24;
    lay.sections = lay.opt + opt_size;
    lay.magic = get_word(fixture + lay.opt);
    if (lay.magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    {
        lay.ndirs_off = lay.opt + 108;
        lay.dirs = lay.opt + 112;
    }
    else if (lay.magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
    {
        lay.ndirs_off = lay.opt + 92;
        lay.dirs = lay.opt + 96;
    }
    else return FALSE;
    if (lay.sections + lay.nsections * sizeof(IMAGE_SECTION_HEADER) > fixture_size) return FALSE;
    lay.exp_rva = get_dword(fixture + lay.dirs);
    lay.exp_size = get_dword(fixture + lay.dirs + 4);
    lay.exp = rva_to_offset(lay.exp_rva, &lay.exp_section);
    if (!lay.exp || lay.exp + sizeof(IMAGE_EXPORT_DIRECTORY) > fixture_size) return FALSE;
    for (i = 0; i < lay.nsections; i++)
    {
        const BYTE *sh = fixture + lay.sections + i * sizeof(IMAGE_SECTION_HEADER);
        /* the long name "/N" points into the COFF string table */
        if (sh[0] == '/' && get_dword(fixture + lay.nt + 12))
        {
            DWORD strtab = get_dword(fixture + lay.nt + 12) +
                           get_dword(fixture + lay.nt + 16) * 18;
            DWORD off = strtab + atoi((const char *)sh + 1);
            if (off < fixture_size - 12 && !memcmp(fixture + off, ".debug_info", 12))
                lay.debug_info_off = get_dword(sh + 20);
        }
    }
    return TRUE;
}

static void image_from_fixture(struct image *img)
{
    img->alloc = fixture_size + 0x1000;
    img->data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, img->alloc);
    memcpy(img->data, fixture, fixture_size);
    img->size = fixture_size;
}

static void image_from_bytes(struct image *img, const void *bytes, DWORD size)
{
    img->alloc = size + 16;
    img->data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, img->alloc);
    memcpy(img->data, bytes, size);
    img->size = size;
}

static BYTE *section_header(struct image *img, int i)
{
    return img->data + lay.sections + i * sizeof(IMAGE_SECTION_HEADER);
}

/* The rows.  Each builder turns a fresh image (a copy of the fixture unless
 * it starts from scratch) into the malformed file. */

static void build_empty(struct image *img) { image_from_bytes(img, "", 0); }
static void build_one_byte(struct image *img) { image_from_bytes(img, "M", 1); }
static void build_mz_only(struct image *img) { image_from_bytes(img, "MZ", 2); }
static void build_text(struct image *img)
{
    static const char text[] = "This is not a PE image, only some text.\r\n";
    image_from_bytes(img, text, sizeof(text) - 1);
}
static void build_elf(struct image *img)
{
    static const BYTE elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
    image_from_bytes(img, elf, sizeof(elf));
}

/* A DOS header alone: e_lfanew points at its own end, the file stops. */
static void build_dos_header_only(struct image *img)
{
    BYTE dos[64] = { 'M', 'Z' };
    put_dword(dos + 0x3c, sizeof(dos));
    image_from_bytes(img, dos, sizeof(dos));
}

/* A minimal well-formed PE32+ built by hand: headers only, no sections. */
static void build_minimal_pe(struct image *img)
{
    BYTE buf[0x200];
    DWORD nt = 0x40, opt = nt + 24;

    memset(buf, 0, sizeof(buf));
    put_word(buf, IMAGE_DOS_SIGNATURE);
    put_dword(buf + 0x3c, nt);
    put_dword(buf + nt, IMAGE_NT_SIGNATURE);
    put_word(buf + nt + 4, IMAGE_FILE_MACHINE_AMD64);
    put_word(buf + nt + 6, 0);                                  /* sections */
    put_dword(buf + nt + 8, 0x5e000000);                        /* TimeDateStamp */
    put_word(buf + nt + 20, sizeof(IMAGE_OPTIONAL_HEADER64));
    put_word(buf + nt + 22, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL |
             IMAGE_FILE_LARGE_ADDRESS_AWARE);
    put_word(buf + opt, IMAGE_NT_OPTIONAL_HDR64_MAGIC);
    put_dword(buf + opt + 24, 0x30000000);                      /* ImageBase (low) */
    put_dword(buf + opt + 32, 0x1000);                          /* SectionAlignment */
    put_dword(buf + opt + 36, 0x200);                           /* FileAlignment */
    put_word(buf + opt + 40, 5);                                /* OS version */
    put_word(buf + opt + 48, 5);                                /* subsystem version */
    put_dword(buf + opt + 56, 0x1000);                          /* SizeOfImage */
    put_dword(buf + opt + 60, 0x200);                           /* SizeOfHeaders */
    put_word(buf + opt + 68, IMAGE_SUBSYSTEM_WINDOWS_CUI);
    put_dword(buf + opt + 108, IMAGE_NUMBEROF_DIRECTORY_ENTRIES);
    image_from_bytes(img, buf, sizeof(buf));
}

static void build_pristine(struct image *img) { image_from_fixture(img); }

static void build_lfanew_past_eof(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + 0x3c, img->size + 0x1000);
}

static void build_lfanew_negative(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + 0x3c, 0x80000000);
}

static void build_lfanew_minus_one(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + 0x3c, 0xffffffff);
}

static void build_lfanew_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + 0x3c, 0x7ffffff0);
}

/* e_lfanew leaves only the signature and half a file header in the file. */
static void build_lfanew_at_end(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + 0x3c, img->size - 8);
}

static void build_truncated_file_header(struct image *img)
{
    image_from_fixture(img);
    img->size = lay.nt + 4 + 10;
}

static void build_truncated_optional_header(struct image *img)
{
    image_from_fixture(img);
    img->size = lay.opt + 40;
}

/* The section table is cut: the headers stop after two section headers. */
static void build_truncated_section_table(struct image *img)
{
    image_from_fixture(img);
    img->size = lay.sections + 2 * sizeof(IMAGE_SECTION_HEADER);
}

static void build_bad_signature(struct image *img)
{
    image_from_fixture(img);
    memcpy(img->data + lay.nt, "PX\0\0", 4);
}

static void build_bad_dos_signature(struct image *img)
{
    image_from_fixture(img);
    memcpy(img->data, "ZM", 2);
}

static void build_opt_size_huge(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.nt + 20, 0xffff);
}

static void build_opt_size_zero(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.nt + 20, 0);
}

static void build_sections_ffff(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.nt + 6, 0xffff);
}

static void build_sections_zero(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.nt + 6, 0);
}

/* The export directory's section: its raw data now lies past the end of
 * the file, and a second section claims a huge raw size. */
static void build_section_raw_past_eof(struct image *img)
{
    image_from_fixture(img);
    put_dword(section_header(img, lay.exp_section) + 20, 0x7fff0000);
    put_dword(section_header(img, 0) + 16, 0x7fffffff);
}

static void build_section_raw_wrap(struct image *img)
{
    image_from_fixture(img);
    put_dword(section_header(img, lay.exp_section) + 20, 0xfffffe00);
    put_dword(section_header(img, lay.exp_section) + 16, 0x400);
}

static void build_export_dir_past_image(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.dirs, 0x7fff0000);
    put_dword(img->data + lay.dirs + 4, 0x10000);
}

static void build_export_dir_size_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.dirs + 4, 0xffffffff);
}

/* NumberOfNames (and in the second row NumberOfFunctions) far beyond the
 * arrays in the file. */
static void build_export_names_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.exp + 24, 0xffffffff);
}

static void build_export_functions_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.exp + 20, 0xffffffff);
    put_dword(img->data + lay.exp + 24, 0xffffffff);
}

/* AddressOfNames and AddressOfNameOrdinals point back into the export
 * directory itself, so the "name RVAs" are the directory's own fields. */
static void build_export_names_self(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.exp + 32, lay.exp_rva);
    put_dword(img->data + lay.exp + 36, lay.exp_rva);
    put_dword(img->data + lay.exp + 28, lay.exp_rva);
}

/* Every name RVA points past the end of the image and of the file. */
static void build_export_name_rvas_bad(struct image *img)
{
    DWORD names, count, i;
    static const DWORD bad[] = { 0x7ffffff0, 0xfffffff0, 0x00ffffff };

    image_from_fixture(img);
    names = rva_to_offset(get_dword(img->data + lay.exp + 32), NULL);
    count = get_dword(img->data + lay.exp + 24);
    for (i = 0; names && i < count && names + 4 * i + 4 <= img->size; i++)
        put_dword(img->data + names + 4 * i, bad[i % 3]);
}

/* Ordinals index far past AddressOfFunctions. */
static void build_export_ordinals_bad(struct image *img)
{
    DWORD ords, count, i;

    image_from_fixture(img);
    ords = rva_to_offset(get_dword(img->data + lay.exp + 36), NULL);
    count = get_dword(img->data + lay.exp + 24);
    for (i = 0; ords && i < count && ords + 2 * i + 2 <= img->size; i++)
        put_word(img->data + ords + 2 * i, 0xfff0 + i);
}

/* Forwarders that forward to each other (and one to itself): function RVAs
 * inside the export directory are "DLL.name" strings.  The strings are put
 * right after the directory's data, whose size grows to cover them. */
static void build_export_forward_loop(struct image *img)
{
    static const char *fwd[] = { "fixa.fixture_mul", "fixa.fixture_add", "fixa.fixture_name" };
    DWORD funcs, count, at, i, vsize, rawsize;
    BYTE *sh;

    image_from_fixture(img);
    sh = section_header(img, lay.exp_section);
    funcs = rva_to_offset(get_dword(img->data + lay.exp + 28), NULL);
    count = get_dword(img->data + lay.exp + 20);
    at = lay.exp_size;  /* directory-relative */
    rawsize = get_dword(sh + 16);
    for (i = 0; funcs && i < count && i < 3; i++)
    {
        size_t len = strlen(fwd[i]) + 1;
        if (lay.exp + at + len > img->size ||
            lay.exp - get_dword(sh + 20) + at + len > rawsize) break;
        memcpy(img->data + lay.exp + at, fwd[i], len);
        put_dword(img->data + funcs + 4 * i, lay.exp_rva + at);
        at += len;
    }
    put_dword(img->data + lay.dirs + 4, at);
    vsize = get_dword(sh + 8);
    if (lay.exp_rva - get_dword(sh + 12) + at > vsize)
        put_dword(sh + 8, lay.exp_rva - get_dword(sh + 12) + at);
}

/* The file stops in the middle of the export directory's section. */
static void build_truncated_in_exports(struct image *img)
{
    image_from_fixture(img);
    img->size = lay.exp + 0x10;
}

/* The file stops in the middle of the DWARF data. */
static void build_truncated_in_debug_info(struct image *img)
{
    image_from_fixture(img);
    img->size = lay.debug_info_off ? lay.debug_info_off + 0x333 : fixture_size / 2;
}

/* The optional header magic of the other bitness (PE32 on an AMD64 image,
 * PE32+ on an i386 one): the fields are then read shifted. */
static void build_other_magic(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.opt, lay.magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC ?
             IMAGE_NT_OPTIONAL_HDR32_MAGIC : IMAGE_NT_OPTIONAL_HDR64_MAGIC);
}

/* The machine of the other bitness (i386 on a PE32+ header, AMD64 on a
 * PE32 one). */
static void build_other_machine(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.nt + 4, lay.magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC ?
             IMAGE_FILE_MACHINE_I386 : IMAGE_FILE_MACHINE_AMD64);
}

static void build_bad_magic(struct image *img)
{
    image_from_fixture(img);
    put_word(img->data + lay.opt, 0x1234);
}

static void build_ndirs_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.ndirs_off, 0xffffffff);
}

static void build_size_of_image_zero(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.opt + 56, 0);
}

/* The COFF symbol table claims more symbols than the file holds. */
static void build_coff_symbols_huge(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.nt + 12, img->size - 4);
    put_dword(img->data + lay.nt + 16, 0x10000000);
}

/* The debug directory points past the end of the file. */
static void build_debug_dir_bad(struct image *img)
{
    image_from_fixture(img);
    put_dword(img->data + lay.dirs + 6 * 8, 0x7fff0000);
    put_dword(img->data + lay.dirs + 6 * 8 + 4, 0x1c * 1000);
}

/* How Wine's builtin dbghelp 8.0 handles a row (observed on this machine). */
#define B_CRASH 0x1  /* faults inside SymLoadModuleEx: the row is skipped there */
#define B_NOERR 0x2  /* fails with GetLastError() == 0 */
#define B_LOST  0x4  /* returns the base, but the module has size 0: it cannot
                      * be found by SymGetModuleInfo64 nor unloaded */
#define B_LEAK  0x8  /* fails but keeps the file mapped (pe_map_file returns
                      * without closing its mapping on an unknown magic) */
#define B_NOLOAD 0x10 /* fails to load a file it should load */

struct row
{
    const char *name;
    void (*build)(struct image *img);
    enum expect expect;
    DWORD error;          /* EXPECT_FAIL rows: the code, 0 for any non-zero one */
    DWORD error2;         /* another accepted code, or 0 */
    unsigned builtin;     /* B_* flags */
};

/* "empty": Wine's builtin reports ERROR_FILE_INVALID, the error of
 * CreateFileMapping on an empty file (an implementation detail: Microsoft's
 * dbghelp maps images too, so it likely gives the same); a reader that
 * checks sizes first naturally says ERROR_BAD_EXE_FORMAT.  Both are
 * accepted.  Other non-PE files: builtin fails but leaves the last error at
 * 0, while a failing Sym* function is documented to give an extended error:
 * any non-zero code is accepted (ERROR_BAD_EXE_FORMAT is the natural one). */
static const struct row rows[] =
{
    { "empty",                 build_empty,                  EXPECT_FAIL, ERROR_FILE_INVALID,
                                                             ERROR_BAD_EXE_FORMAT, 0 },
    { "one byte",              build_one_byte,               EXPECT_FAIL, 0, 0, B_NOERR },
    { "MZ only",               build_mz_only,                EXPECT_FAIL, 0, 0, B_NOERR },
    { "text",                  build_text,                   EXPECT_FAIL, 0, 0, B_NOERR },
    { "ELF header",            build_elf,                    EXPECT_FAIL, 0, 0, B_NOERR },
    { "DOS header only",       build_dos_header_only,        EXPECT_FAIL, 0, 0, B_NOERR },
    { "minimal PE",            build_minimal_pe,             EXPECT_LOAD, 0, 0, 0 },
    { "pristine",              build_pristine,               EXPECT_LOAD, 0, 0, 0 },
    { "e_lfanew past EOF",     build_lfanew_past_eof,        EXPECT_FAIL, 0, 0, B_NOERR },
    { "e_lfanew negative",     build_lfanew_negative,        EXPECT_FAIL, 0, 0, B_NOERR },
    { "e_lfanew -1",           build_lfanew_minus_one,       EXPECT_FAIL, 0, 0, B_NOERR },
    { "e_lfanew huge",         build_lfanew_huge,            EXPECT_FAIL, 0, 0, B_NOERR },
    { "e_lfanew at end",       build_lfanew_at_end,          EXPECT_FAIL, 0, 0, B_NOERR },
    { "truncated file header", build_truncated_file_header,  EXPECT_FAIL, 0, 0, B_NOERR | B_LEAK },
    /* the file ends before SizeOfImage: builtin reads 0 from the page tail */
    { "truncated opt header",  build_truncated_optional_header, EXPECT_EITHER, 0, 0, B_LOST },
    { "truncated sect table",  build_truncated_section_table, EXPECT_EITHER, 0, 0, 0 },
    { "bad PE signature",      build_bad_signature,          EXPECT_FAIL, 0, 0, B_NOERR },
    { "bad MZ signature",      build_bad_dos_signature,      EXPECT_FAIL, 0, 0, B_NOERR },
    { "opt header size huge",  build_opt_size_huge,          EXPECT_EITHER, 0, 0, B_CRASH },
    { "opt header size 0",     build_opt_size_zero,          EXPECT_EITHER, 0, 0, B_CRASH },
    { "0xffff sections",       build_sections_ffff,          EXPECT_EITHER, 0, 0, B_CRASH },
    /* Headers intact: the module loads whatever lies beyond them. */
    { "0 sections",            build_sections_zero,          EXPECT_LOAD, 0, 0, 0 },
    { "section raw past EOF",  build_section_raw_past_eof,   EXPECT_LOAD, 0, 0, B_CRASH },
    { "section raw wraps",     build_section_raw_wrap,       EXPECT_LOAD, 0, 0, B_CRASH },
    { "export dir past image", build_export_dir_past_image,  EXPECT_LOAD, 0, 0, 0 },
    { "export dir size huge",  build_export_dir_size_huge,   EXPECT_LOAD, 0, 0, 0 },
    { "NumberOfNames huge",    build_export_names_huge,      EXPECT_LOAD, 0, 0, B_CRASH },
    { "NumberOfFunctions huge", build_export_functions_huge, EXPECT_LOAD, 0, 0, B_CRASH },
    { "names in export dir",   build_export_names_self,      EXPECT_LOAD, 0, 0, B_CRASH },
    { "name RVAs past EOF",    build_export_name_rvas_bad,   EXPECT_LOAD, 0, 0, B_CRASH },
    { "ordinals past table",   build_export_ordinals_bad,    EXPECT_LOAD, 0, 0, B_CRASH },
    { "forwarder loop",        build_export_forward_loop,    EXPECT_LOAD, 0, 0, 0 },
    { "truncated in exports",  build_truncated_in_exports,   EXPECT_LOAD, 0, 0, B_CRASH },
    { "truncated in DWARF",    build_truncated_in_debug_info, EXPECT_LOAD, 0, 0, B_CRASH },
    /* magic and machine disagree: builtin fails the first, loads the second */
    { "other bitness magic",   build_other_magic,            EXPECT_EITHER, 0, 0, B_NOERR },
    { "other bitness machine", build_other_machine,          EXPECT_EITHER, 0, 0, 0 },
    /* an optional header of no known format cannot be read at all */
    { "bad optional magic",    build_bad_magic,              EXPECT_FAIL, 0, 0, B_NOERR | B_LEAK },
    /* a loader reads at most 16 directories whatever the count says */
    { "NumberOfRvaAndSizes huge", build_ndirs_huge,          EXPECT_LOAD, 0, 0, 0 },
    { "SizeOfImage 0",         build_size_of_image_zero,     EXPECT_EITHER, 0, 0, B_LOST },
    { "COFF symbols huge",     build_coff_symbols_huge,      EXPECT_LOAD, 0, 0, 0 },
    { "debug dir past EOF",    build_debug_dir_bad,          EXPECT_LOAD, 0, 0, 0 },
};

static void row_path(char *path, size_t size, int i)
{
    snprintf(path, size, "%sbadpe%02d.dll", wtest_tmpdir, i);
}

/* The repeated runs use other names: a file Wine's builtin leaked a handle
 * to in the checked pass cannot be written again. */
static void stress_path(char *path, size_t size, int i)
{
    snprintf(path, size, "%sstress%02d.dll", wtest_tmpdir, i);
}

/* Write row i's file; *image_size gets the SizeOfImage its headers claim
 * (0 when they cannot be read). */
static BOOL write_row(int i, const char *path, DWORD *image_size)
{
    struct image img;
    DWORD nt;
    BOOL ret;

    memset(&img, 0, sizeof(img));
    rows[i].build(&img);
    if (image_size)
    {
        *image_size = 0;
        if (img.size >= 0x40 && (nt = get_dword(img.data + 0x3c)) < img.size &&
            img.size - nt >= 24 + 60)
            *image_size = get_dword(img.data + nt + 24 + 56);
    }
    ret = write_file(path, img.data, img.size);
    HeapFree(GetProcessHeap(), 0, img.data);
    return ret;
}

/* Row i's B_* flags for the builtin of this test's bitness.  The 32-bit
 * builtin maps only images of its own bitness, and keeps the mapping of
 * the others: it fails the PE32+ minimal image, which Microsoft's 32-bit
 * dbghelp reads (32-bit WinDbg opens x64 dumps and their modules; the
 * module list only needs the headers). */
static unsigned row_builtin(int i)
{
    unsigned flags = rows[i].builtin;

    if (sizeof(void *) == 4 && rows[i].build == build_minimal_pe) flags |= B_NOLOAD | B_NOERR | B_LEAK;
    if (sizeof(void *) == 4 && rows[i].build == build_other_magic) flags |= B_LEAK;
    return flags;
}

static BOOL builtin_has(int i, unsigned flag)
{
    return wtest_platform == WTEST_WINE && (row_builtin(i) & flag);
}

/* Touch what a debugger would touch after a load: symbols by enumeration,
 * by name and by address.  No result is asserted (the tables are garbage by
 * design); the calls must simply return.  They are resolved at run time so
 * that a dbghelp.dll without them still runs the rest of the area. */
static BOOL CALLBACK count_symbols(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    (void)si; (void)size;
    (*(unsigned *)ctx)++;
    return TRUE;
}

static void poke_symbols(DWORD64 base)
{
    char buffer[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buffer;
    unsigned count = 0;
    DWORD64 disp;

    if (pSymEnumSymbols) pSymEnumSymbols(BADPE_HANDLE, base, "*", count_symbols, &count);
    memset(buffer, 0, sizeof(buffer));
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    if (pSymFromName) pSymFromName(BADPE_HANDLE, "fixture_add", si);
    si->MaxNameLen = 256;
    if (pSymFromAddr) pSymFromAddr(BADPE_HANDLE, base + 0x1370, &disp, si);
}

/* One checked pass over the table. */
static void run_table_checked(void)
{
    char path[MAX_PATH], name[32];
    int i;

    for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
    {
        DWORD64 base = BADPE_BASE + i * BADPE_STEP, ret;
        DWORD err, image_size;
        IMAGEHLP_MODULE64 im;
        BOOL res;

        winetest_push_context("row %d (%s)", i, rows[i].name);
        if (builtin_has(i, B_CRASH))
        {
            trace("skipped: Wine's builtin dbghelp crashes on this file\n");
            winetest_pop_context();
            continue;
        }
        row_path(path, sizeof(path), i);
        if (!ok(write_row(i, path, &image_size), "cannot write %s\n", path))
        {
            winetest_pop_context();
            continue;
        }

        SetLastError(0xdeadbeef);
        ret = SymLoadModuleEx(BADPE_HANDLE, NULL, path, NULL, base, 0, NULL, 0);
        err = GetLastError();
        trace("SymLoadModuleEx -> %#I64x, error %lu\n", ret, err);

        switch (rows[i].expect)
        {
        case EXPECT_FAIL:
            ok(!ret, "expected a failure, loaded at %#I64x\n", ret);
            if (!ret && rows[i].error)
                ok(err == rows[i].error || (rows[i].error2 && err == rows[i].error2),
                   "expected error %lu, got %lu\n", rows[i].error, err);
            break;
        case EXPECT_LOAD:
            todo_wine_if(row_builtin(i) & B_NOLOAD)
            ok(ret == base, "expected a load at %#I64x, got %#I64x (error %lu)\n", base, ret, err);
            break;
        case EXPECT_EITHER:
            ok(!ret || ret == base, "expected a failure or a load at %#I64x, got %#I64x\n",
               base, ret);
            break;
        }

        if (!ret)
        {
            /* A failure says why, and leaves no module behind. */
            todo_wine_if(row_builtin(i) & B_NOERR)
            ok(err != 0xdeadbeef && err != ERROR_SUCCESS,
               "failure without an error code (%lu)\n", err);
            SetLastError(0xdeadbeef);
            ok(!SymGetModuleBase64(BADPE_HANDLE, base), "a module remains after a failed load\n");
        }
        else
        {
            memset(&im, 0xcc, sizeof(im));
            im.SizeOfStruct = sizeof(im);
            SetLastError(0xdeadbeef);
            res = SymGetModuleInfo64(BADPE_HANDLE, base, &im);
            todo_wine_if(row_builtin(i) & B_LOST)
            ok(res, "SymGetModuleInfo64 failed, error %lu\n", GetLastError());
            if (res)
            {
                ok(im.SizeOfStruct == sizeof(im), "SizeOfStruct %lu\n", im.SizeOfStruct);
                ok(im.BaseOfImage == base, "BaseOfImage %#I64x\n", im.BaseOfImage);
                ok(im.ImageSize != 0, "ImageSize 0\n");
                if (rows[i].expect == EXPECT_LOAD)
                    ok(im.ImageSize == image_size, "ImageSize %#lx, expected %#lx\n",
                       im.ImageSize, image_size);
                ok(!_stricmp(im.ImageName, path), "ImageName %s\n", im.ImageName);
                snprintf(name, sizeof(name), "badpe%02d", i);
                ok(!_stricmp(im.ModuleName, name), "ModuleName %s\n", im.ModuleName);
            }
            poke_symbols(base);
            SetLastError(0xdeadbeef);
            res = pSymUnloadModule64(BADPE_HANDLE, base);
            todo_wine_if(row_builtin(i) & B_LOST)
            ok(res, "SymUnloadModule64 failed, error %lu\n", GetLastError());
            SetLastError(0xdeadbeef);
            ok(!SymGetModuleBase64(BADPE_HANDLE, base), "the module remains after unload\n");
        }
        /* No handle or mapping of the file survives the call. */
        res = release_file(path, &err);
        todo_wine_if(row_builtin(i) & (B_LEAK | B_LOST))
        ok(res, "the file is still in use: error %lu\n", err);
        winetest_pop_context();
    }
}

/* Rows left out of the repeated runs on Wine's builtin: those that crash
 * it, and those whose module it cannot unload (each load of them leaks a
 * whole module, about 80 KB, which would hide any other leak). */
static BOOL stress_skipped(int i)
{
    return builtin_has(i, B_CRASH | B_LOST);
}

/* Name the rows that leak: each one is run alone a few times and the rows
 * whose runs keep the heap growing are traced. */
static void find_leaking_rows(void)
{
    char path[MAX_PATH];
    int i, run;

    for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
    {
        DWORD64 base = BADPE_BASE + i * BADPE_STEP;
        SIZE_T before = 0;

        if (stress_skipped(i)) continue;
        stress_path(path, sizeof(path), i);
        for (run = 0; run <= 10; run++)
        {
            if (run == 1) before = wtest_heap_in_use();
            if (SymLoadModuleEx(BADPE_HANDLE, NULL, path, NULL, base, 0, NULL, 0))
            {
                poke_symbols(base);
                pSymUnloadModule64(BADPE_HANDLE, base);
            }
        }
        before = wtest_heap_in_use() - before;
        if (before >= 10 * 1024)
            trace("row %d (%s) leaks about %Iu bytes per load\n", i, rows[i].name, before / 10);
    }
}

/* The table run again and again with the files written once: the heap in
 * use afterwards is within HEAP_SLACK of the start, and every row gives the
 * same outcome each time. */
static void test_repeat_leaks(void)
{
    char path[MAX_PATH];
    DWORD64 first[ARRAY_SIZE(rows)];
    unsigned changed = 0, unload_failed = 0, run;
    SSIZE_T delta;
    SIZE_T before = 0, after;
    DWORD start = 0;
    int i;

    for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
    {
        stress_path(path, sizeof(path), i);
        if (stress_skipped(i)) trace("row %d left out of the repeated runs\n", i);
        else if (!write_row(i, path, NULL)) ok(0, "row %d: cannot write %s\n", i, path);
    }
    /* One warm-up run: first-use allocations (caches, CRT buffers) are not
     * leaks. */
    for (run = 0; run <= STRESS_RUNS; run++)
    {
        if (run == 1) before = wtest_heap_in_use();
        if (run == 1) start = GetTickCount();
        for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
        {
            DWORD64 base = BADPE_BASE + i * BADPE_STEP, ret;

            if (stress_skipped(i)) continue;
            stress_path(path, sizeof(path), i);
            ret = SymLoadModuleEx(BADPE_HANDLE, NULL, path, NULL, base, 0, NULL, 0);
            if (!run) first[i] = ret;
            else if (ret != first[i]) changed++;
            if (ret)
            {
                poke_symbols(base);
                if (!pSymUnloadModule64(BADPE_HANDLE, base)) unload_failed++;
            }
        }
    }
    after = wtest_heap_in_use();
    delta = (SSIZE_T)(after - before);
    trace("heap in use: %Iu before, %Iu after %u runs of %u rows (delta %Id bytes, %lu ms)\n",
          before, after, STRESS_RUNS, (unsigned)ARRAY_SIZE(rows), delta, GetTickCount() - start);
    ok(delta < HEAP_SLACK, "heap grew by %Id bytes over %u runs\n", delta, STRESS_RUNS);
    if (delta >= HEAP_SLACK) find_leaking_rows();
    ok(!changed, "%u loads gave another result than the first run\n", changed);
    ok(!unload_failed, "%u unloads failed\n", unload_failed);

    for (i = 0; i < (int)ARRAY_SIZE(rows); i++)
    {
        if (stress_skipped(i)) continue;
        stress_path(path, sizeof(path), i);
        DWORD err;
        BOOL res = release_file(path, &err);
        todo_wine_if(row_builtin(i) & B_LEAK)
        ok(res, "row %d: the file is still in use: error %lu\n", i, err);
    }
}

void func_badpe(void); /* called by the harness (testlist.c) */
START_TEST(badpe)
{
    char path[MAX_PATH];
    DWORD options;
    BOOL ret;

    pSymUnloadModule64 = (void *)wtest_dbghelp_proc("SymUnloadModule64");
    if (!pSymUnloadModule64)
    {
        win_skip("SymUnloadModule64 is not exported\n");
        return;
    }
    pSymEnumSymbols = (void *)wtest_dbghelp_proc("SymEnumSymbols");
    pSymFromName = (void *)wtest_dbghelp_proc("SymFromName");
    pSymFromAddr = (void *)wtest_dbghelp_proc("SymFromAddr");
    if (!pSymEnumSymbols || !pSymFromName || !pSymFromAddr)
        trace("not exported: %s%s%s; loaded modules are not searched\n",
              pSymEnumSymbols ? "" : "SymEnumSymbols ", pSymFromName ? "" : "SymFromName ",
              pSymFromAddr ? "" : "SymFromAddr");
    snprintf(path, sizeof(path), "%sfixa.dll", wtest_fixtures);
    if (!read_file(path, &fixture, &fixture_size) || !parse_fixture())
    {
        ok(0, "cannot read or parse the fixture %s\n", path);
        return;
    }
    trace("fixture %s: %lu bytes, exports at file offset %#lx, .debug_info at %#lx\n",
          path, fixture_size, lay.exp, lay.debug_info_off);

    /* Load symbols at load time (no deferral) so that every row also goes
     * through the export, COFF and debug-information readers. */
    options = SymGetOptions();
    SymSetOptions((options & ~SYMOPT_DEFERRED_LOADS) | SYMOPT_UNDNAME);

    SetLastError(0xdeadbeef);
    ret = SymInitialize(BADPE_HANDLE, NULL, FALSE);
    ok(ret, "SymInitialize failed, error %lu\n", GetLastError());
    if (!ret) goto done;

    run_table_checked();
    test_repeat_leaks();

    SetLastError(0xdeadbeef);
    ret = SymCleanup(BADPE_HANDLE);
    ok(ret, "SymCleanup failed, error %lu\n", GetLastError());
done:
    SymSetOptions(options);
    HeapFree(GetProcessHeap(), 0, fixture);
    fixture = NULL;
}
