/*
 * core_tests.c: native unit tests of the portable core (arena, byte view,
 * PE reader, module index, module names), run under ASan/UBSan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "msf.h"
#include "mdmp.h"

static int passed, failed;

#define CHECK(cond, ...) do { \
    if (cond) passed++; \
    else { failed++; printf("core_tests.c:%d: Test failed: ", __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static void put16(unsigned char *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(unsigned char *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, v >> 32); }

/* A small but valid PE32+ file: headers at 0, one section ".edata" at RVA
 * 0x1000 / file 0x200 holding an export directory with three functions,
 * two named ("beta" and "alpha") and one by ordinal only. */
#define IMG_SIZE 0x600
static size_t build_pe(unsigned char *f, int pe32plus)
{
    unsigned char *nt, *opt, *sec, *ed;
    uint16_t opt_size = pe32plus ? 240 : 224;

    memset(f, 0, IMG_SIZE);
    f[0] = 'M'; f[1] = 'Z';
    put32(f + 0x3c, 0x80);
    nt = f + 0x80;
    memcpy(nt, "PE\0\0", 4);
    put16(nt + 4, pe32plus ? 0x8664 : 0x14c);
    put16(nt + 6, 1);                 /* sections */
    put32(nt + 8, 0x12345678);        /* timestamp */
    put16(nt + 20, opt_size);
    opt = nt + 24;
    put16(opt, pe32plus ? 0x20b : 0x10b);
    put32(opt + 16, 0x1010);          /* entry */
    if (pe32plus) put64(opt + 24, 0x180000000ull);
    else put32(opt + 28, 0x10000000);
    put32(opt + 56, 0x3000);          /* SizeOfImage */
    put32(opt + 64, 0xabcd);          /* CheckSum */
    put32(opt + (pe32plus ? 108 : 92), 16);
    /* export directory: rva 0x1000 size 0x100 */
    put32(opt + (pe32plus ? 112 : 96), 0x1000);
    put32(opt + (pe32plus ? 116 : 100), 0x100);
    sec = opt + opt_size;
    memcpy(sec, ".edata", 6);
    put32(sec + 8, 0x200);            /* VirtualSize */
    put32(sec + 12, 0x1000);          /* VirtualAddress */
    put32(sec + 16, 0x200);           /* SizeOfRawData */
    put32(sec + 20, 0x200);           /* PointerToRawData */
    ed = f + 0x200;
    put32(ed + 16, 1);                /* ordinal base */
    put32(ed + 20, 3);                /* functions */
    put32(ed + 24, 2);                /* names */
    put32(ed + 28, 0x1040);           /* AddressOfFunctions */
    put32(ed + 32, 0x1050);           /* AddressOfNames */
    put32(ed + 36, 0x1060);           /* AddressOfNameOrdinals */
    put32(ed + 0x40, 0x2000);
    put32(ed + 0x44, 0x2100);
    put32(ed + 0x48, 0x2050);
    put32(ed + 0x50, 0x1070);         /* "alpha" -> ordinal index 1 */
    put32(ed + 0x54, 0x1078);         /* "beta" -> ordinal index 0 */
    put16(ed + 0x60, 1);
    put16(ed + 0x62, 0);
    memcpy(ed + 0x70, "alpha", 6);
    memcpy(ed + 0x78, "beta", 5);
    /* debug directory (index 6): one CodeView entry at rva 0x1100 / file
     * 0x300, its RSDS record at rva 0x1120 / file 0x320 */
    put32(opt + (pe32plus ? 112 : 96) + 6 * 8, 0x1100);
    put32(opt + (pe32plus ? 116 : 100) + 6 * 8, 28);
    put32(f + 0x300 + 12, 2);         /* IMAGE_DEBUG_TYPE_CODEVIEW */
    put32(f + 0x300 + 16, 24 + 6);    /* SizeOfData */
    put32(f + 0x300 + 20, 0x1120);    /* AddressOfRawData */
    put32(f + 0x300 + 24, 0x320);     /* PointerToRawData */
    memcpy(f + 0x320, "RSDS", 4);
    {
        int i;

        for (i = 0; i < 16; i++) f[0x324 + i] = (unsigned char)(0x10 + i);
    }
    put32(f + 0x334, 3);              /* age */
    memcpy(f + 0x338, "x.pdb", 6);
    return IMG_SIZE;
}

static void test_view(void)
{
    unsigned char data[8] = { 1, 2, 3, 4, 5, 6, 7, 0 };
    struct byte_view v = { data, sizeof(data) };
    uint32_t u32;
    uint64_t u64;

    CHECK(view_ptr(&v, 0, 8) == data, "whole view");
    CHECK(view_ptr(&v, 8, 0) != NULL, "empty range at end");
    CHECK(view_ptr(&v, 1, 8) == NULL, "past end");
    CHECK(view_ptr(&v, UINT64_MAX, 2) == NULL, "offset overflow");
    CHECK(view_ptr(&v, 2, UINT64_MAX) == NULL, "length overflow");
    CHECK(!view_u32(&v, 0, &u32) && u32 == 0x04030201, "u32 %x", u32);
    CHECK(view_u32(&v, 5, &u32) == -1, "u32 past end");
    CHECK(view_u64(&v, 1, &u64) == -1, "u64 past end");
    CHECK(view_strlen(&v, 0, 100) == 7, "strlen");
    CHECK(view_strlen(&v, 0, 3) == -1, "strlen over max");
    CHECK(view_strlen(&v, 8, 3) == -1, "strlen at end");
}

static void test_arena(void)
{
    struct arena a;
    size_t i;
    char *s;

    arena_init(&a);
    for (i = 0; i < 5000; i++)
    {
        unsigned char *p = arena_alloc(&a, i % 300 + 1);

        if (!p || ((uintptr_t)p & 15) || p[0]) break;
        memset(p, 0xcc, i % 300 + 1);
    }
    CHECK(i == 5000, "arena allocations aligned and zeroed (%zu)", i);
    CHECK(arena_alloc(&a, SIZE_MAX - 4) == NULL, "huge allocation fails");
    s = arena_strndup(&a, "hello world", 5);
    CHECK(s && !strcmp(s, "hello"), "strndup");
    CHECK(arena_alloc(&a, 4 << 20) != NULL, "big allocation");
    arena_free_all(&a);
    CHECK(a.chunks == NULL && a.total == 0, "arena emptied");
}

static void test_pe_valid(int pe32plus)
{
    unsigned char *f = malloc(IMG_SIZE);
    struct byte_view v = { f, build_pe(f, pe32plus) };
    struct pe_image img;
    struct pe_export *ex;
    struct arena a;
    uint32_t n;

    arena_init(&a);
    CHECK(pe_parse(&v, 0, &a, &img) == PE_OK, "parse valid pe32plus=%d", pe32plus);
    CHECK(img.pe32plus == pe32plus, "pe32plus flag");
    CHECK(img.machine == (pe32plus ? 0x8664 : 0x14c), "machine %x", img.machine);
    CHECK(img.timestamp == 0x12345678, "timestamp");
    CHECK(img.checksum == 0xabcd, "checksum");
    CHECK(img.size_of_image == 0x3000, "size");
    CHECK(img.image_base == (pe32plus ? 0x180000000ull : 0x10000000), "base");
    CHECK(img.nsections == 1 && !strcmp(img.sections[0].name, ".edata"), "sections");
    CHECK(pe_rva_to_offset(&img, &v, 0x1010, 4) == 0x210, "rva map");
    CHECK(pe_rva_to_offset(&img, &v, 0x11fe, 4) == -1, "rva past section");
    CHECK(pe_read_exports(&img, &v, &a, &ex, &n) == PE_OK && n == 3, "exports %u", n);
    if (n == 3)
    {
        CHECK(ex[0].rva == 0x2000 && ex[0].name && !strcmp(ex[0].name, "beta"), "export 0");
        CHECK(ex[1].rva == 0x2050 && !ex[1].name && ex[1].ordinal == 3, "export 1 by ordinal");
        CHECK(ex[2].rva == 0x2100 && ex[2].name && !strcmp(ex[2].name, "alpha"), "export 2");
    }
    {
        struct pe_codeview cv;
        uint32_t rva, size;

        CHECK(pe_directory(&img, PE_DIR_DEBUG, &rva, &size) && rva == 0x1100 && size == 28, "debug directory");
        CHECK(!pe_directory(&img, PE_DIR_EXCEPTION, &rva, &size), "no exception directory");
        CHECK(pe_read_codeview(&img, &v, &cv) == 0, "codeview record");
        CHECK(cv.format == PE_CV_RSDS && cv.guid[0] == 0x10 && cv.guid[15] == 0x1f && cv.age == 3 &&
              !strcmp(cv.path, "x.pdb") && cv.rva == 0x1120 && cv.size == 30,
              "RSDS: format %x age %u path %s", cv.format, cv.age, cv.path);
        /* A record too short for its fixed part is not one. */
        put32(f + 0x300 + 16, 20);
        CHECK(pe_read_codeview(&img, &v, &cv) == -1, "short record refused");
        /* NB10: signature and age. */
        put32(f + 0x300 + 16, 16 + 6);
        memcpy(f + 0x320, "NB10", 4);
        put32(f + 0x328, 0x5566);
        put32(f + 0x32c, 7);
        memcpy(f + 0x330, "y.pdb", 6);
        CHECK(pe_read_codeview(&img, &v, &cv) == 0 && cv.format == PE_CV_NB10 && cv.signature == 0x5566 &&
              cv.age == 7 && !strcmp(cv.path, "y.pdb"), "NB10: sig %x age %u path %s", cv.signature, cv.age,
              cv.path);
        /* A path without its NUL ends with the record. */
        memcpy(f + 0x330, "zzzzzz", 6);
        CHECK(pe_read_codeview(&img, &v, &cv) == 0 && !strcmp(cv.path, "zzzzzz"), "unterminated path %s", cv.path);
        /* A record pointing past the file. */
        put32(f + 0x300 + 24, IMG_SIZE - 8);
        CHECK(pe_read_codeview(&img, &v, &cv) == -1, "record past the end refused");
    }
    arena_free_all(&a);
    free(f);
}

/* The debug directory as symbol servers index it: NB10, then RSDS, then a
 * MISC record; the records add up, the last CodeView one names the PDB. */
static void test_debug_index(void)
{
    unsigned char *f = malloc(IMG_SIZE);
    struct byte_view v = { f, build_pe(f, 1) };
    unsigned char *opt = f + 0x80 + 24;
    struct pe_debug_index di;
    struct pe_image img;
    struct arena a;
    int i;

    arena_init(&a);
    /* Three entries at file 0x300 (rva 0x1100), their data from 0x360. */
    put32(opt + 112 + 6 * 8 + 4, 3 * 28);
    memset(f + 0x300, 0, 0x100);
    put32(f + 0x300 + 12, 2);            /* NB10 */
    put32(f + 0x300 + 16, 16 + 6);
    put32(f + 0x300 + 20, 0x1160);
    put32(f + 0x300 + 24, 0x360);
    memcpy(f + 0x360, "NB10", 4);
    put32(f + 0x368, 0xaaaabbbb);
    put32(f + 0x36c, 123);
    memcpy(f + 0x370, "a.pdb", 6);
    put32(f + 0x31c + 12, 2);            /* RSDS */
    put32(f + 0x31c + 16, 24 + 6);
    put32(f + 0x31c + 20, 0x1180);
    put32(f + 0x31c + 24, 0x380);
    memcpy(f + 0x380, "RSDS", 4);
    for (i = 0; i < 16; i++) f[0x384 + i] = (unsigned char)(0x40 + i);
    put32(f + 0x394, 124);
    memcpy(f + 0x398, "b.pdb", 6);
    put32(f + 0x338 + 12, 4);            /* MISC, EXENAME */
    put32(f + 0x338 + 16, 12 + 8);
    put32(f + 0x338 + 20, 0x11a0);
    put32(f + 0x338 + 24, 0x3a0);
    put32(f + 0x3a0, 1);
    put32(f + 0x3a4, 20);
    memcpy(f + 0x3ac, "x.dbg", 6);
    CHECK(pe_parse(&v, 0, &a, &img) == PE_OK, "parse");
    CHECK(pe_read_debug_index(&img, &v, &di) == 0 && di.entries == 3, "index: %u entries", di.entries);
    CHECK(di.has_codeview && di.signature == 0xaaaabbbb && di.guid[0] == 0x40 && di.age == 124 &&
          !strcmp(di.pdb, "b.pdb"), "cumulated: sig %x age %u pdb %s", di.signature, di.age, di.pdb);
    CHECK(di.has_misc && !strcmp(di.dbg, "x.dbg"), "misc: %s", di.dbg);
    /* The first CodeView record still reads alone. */
    {
        struct pe_codeview cv;

        CHECK(pe_read_codeview(&img, &v, &cv) == 0 && cv.format == PE_CV_NB10, "first record");
    }
    /* A MISC record whose Length runs past its data is cut to the data. */
    put32(f + 0x3a4, 0xffffff00);
    CHECK(pe_read_debug_index(&img, &v, &di) == 0 && !strcmp(di.dbg, "x.dbg"), "long misc");
    /* Entries whose data lies outside the file are skipped. */
    put32(f + 0x31c + 24, IMG_SIZE - 4);
    CHECK(pe_read_debug_index(&img, &v, &di) == 0 && di.age == 123 && !strcmp(di.pdb, "a.pdb"),
          "bad RSDS skipped: age %u", di.age);
    /* No debug directory. */
    put32(opt + 112 + 6 * 8, 0);
    CHECK(pe_parse(&v, 0, &a, &img) == PE_OK && pe_read_debug_index(&img, &v, &di) == -1 &&
          di.entries == 0, "no directory");
    arena_free_all(&a);
    free(f);
}

/* A small MSF 7.0 file, block size 512: superblock, two free-map blocks,
 * the block map (block 3), the directory (block 4), the info stream
 * (block 5) and the DBI stream's header (block 6). */
#define MSF_BS 512
static size_t build_msf(unsigned char *f)
{
    unsigned char *dir = f + 4 * MSF_BS;
    int i;

    memset(f, 0, 7 * MSF_BS);
    memcpy(f, "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0\0", 32);
    put32(f + 32, MSF_BS);
    put32(f + 36, 1);
    put32(f + 40, 7);             /* blocks */
    put32(f + 44, 4 + 4 * 4 + 2 * 4); /* directory bytes */
    put32(f + 52, 3);             /* block map */
    put32(f + 3 * MSF_BS, 4);     /* the directory is in block 4 */
    put32(dir, 4);                /* streams */
    put32(dir + 4, 0);
    put32(dir + 8, 28);           /* info */
    put32(dir + 12, 0xffffffff);  /* nil */
    put32(dir + 16, 12);          /* DBI */
    put32(dir + 20, 5);
    put32(dir + 24, 6);
    put32(f + 5 * MSF_BS, 20000404);
    put32(f + 5 * MSF_BS + 8, 0x77);          /* info age, superseded */
    for (i = 0; i < 16; i++) f[5 * MSF_BS + 12 + i] = (unsigned char)(0xa0 + i);
    put32(f + 6 * MSF_BS, 0xffffffff);
    put32(f + 6 * MSF_BS + 4, 19990903);
    put32(f + 6 * MSF_BS + 8, 0x30cafe);      /* DBI age */
    return 7 * MSF_BS;
}

static void test_msf(void)
{
    unsigned char *f = malloc(7 * MSF_BS), guid[16], buf[32];
    struct byte_view v = { f, build_msf(f) };
    struct arena a;
    struct msf msf;
    uint32_t age = 0, stamp, size;

    arena_init(&a);
    CHECK(msf_open(&msf, &v, &a) == 0 && msf.nstreams == 4, "msf_open");
    CHECK(msf_stream_size(&msf, 1) == 28 && msf_stream_size(&msf, 2) == -1 &&
          msf_stream_size(&msf, 9) == -1, "stream sizes");
    CHECK(msf_read(&msf, 1, 12, buf, 16) == 0 && buf[0] == 0xa0, "read info");
    CHECK(msf_read(&msf, 1, 20, buf, 9) == -1, "read past the stream");
    CHECK(msf_read(&msf, 2, 0, buf, 1) == -1, "read nil stream");
    CHECK(pdb_read_index(&v, guid, &age) == 0 && guid[15] == 0xaf && age == 0x30cafe,
          "index: age %#x", age);
    /* Hostile: a stream block past the file, a directory past the file,
     * a huge stream count, a bad block size. */
    put32(f + 4 * MSF_BS + 20, 1000);
    CHECK(msf_open(&msf, &v, &a) == 0 && msf_read(&msf, 1, 0, buf, 4) == -1, "block past the end");
    put32(f + 4 * MSF_BS + 20, 5);
    put32(f + 3 * MSF_BS, 99);
    CHECK(msf_open(&msf, &v, &a) == -1, "directory past the end");
    put32(f + 3 * MSF_BS, 4);
    put32(f + 4 * MSF_BS, 0x40000000);
    CHECK(msf_open(&msf, &v, &a) == -1, "huge stream count");
    put32(f + 4 * MSF_BS, 4);
    put32(f + 4 * MSF_BS + 8, 0x7fffffff);
    CHECK(msf_open(&msf, &v, &a) == -1, "stream larger than the file");
    put32(f + 4 * MSF_BS + 8, 28);
    put32(f + 32, 100);
    CHECK(msf_open(&msf, &v, &a) == -1, "bad block size");
    v.size = 40;
    CHECK(msf_open(&msf, &v, &a) == -1, "truncated superblock");
    /* .dbg header */
    memset(f, 0, 64);
    f[0] = 'D'; f[1] = 'I';
    put32(f + 8, 0x1234);
    put32(f + 20, 0x560000);
    v.size = 64;
    CHECK(dbg_read_header(&v, &stamp, &size) == 0 && stamp == 0x1234 && size == 0x560000, "dbg header");
    v.size = 47;
    CHECK(dbg_read_header(&v, &stamp, &size) == -1, "truncated dbg header");
    arena_free_all(&a);
    free(f);
}

/* A real image's CodeView record, written by GNU ld's --build-id with a
 * given id: x86_64-w64-mingw32-objdump -p prints "RSDS signature
 * 00112233445566778899aabbccddeeff age 1", the GUID in its text form, so
 * the record holds it as a GUID structure: Data1, Data2 and Data3 little-
 * endian, then the 8 bytes of Data4. */
static void test_codeview_file(const char *path)
{
    static const unsigned char id[16] = { 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                                          0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    FILE *file = fopen(path, "rb");
    unsigned char *data = NULL;
    struct byte_view v;
    struct pe_image img;
    struct pe_codeview cv;
    struct arena a;
    long len = 0;

    CHECK(file != NULL, "open %s", path);
    if (!file) return;
    if (!fseek(file, 0, SEEK_END) && (len = ftell(file)) > 0 && !fseek(file, 0, SEEK_SET) &&
        (data = malloc((size_t)len)) && fread(data, 1, (size_t)len, file) != (size_t)len)
        len = 0;
    fclose(file);
    v.data = data;
    v.size = len > 0 ? (size_t)len : 0;
    arena_init(&a);
    CHECK(data && pe_parse(&v, 0, &a, &img) == PE_OK, "%s: parse", path);
    if (data && pe_parse(&v, 0, &a, &img) == PE_OK)
        CHECK(pe_read_codeview(&img, &v, &cv) == 0 && cv.format == PE_CV_RSDS && !memcmp(cv.guid, id, 16) &&
              cv.age == 1, "%s: RSDS of the build id (age %u)", path, cv.age);
    arena_free_all(&a);
    free(data);
}

/* Every truncation of a valid image parses to an error or to a result that
 * reads nothing out of range (ASan watches the reads). */
static void test_pe_truncated(void)
{
    unsigned char *full = malloc(IMG_SIZE);
    size_t len, errors = 0;

    build_pe(full, 1);
    for (len = 0; len <= IMG_SIZE; len++)
    {
        unsigned char *f = malloc(len ? len : 1);
        struct byte_view v = { f, len };
        struct pe_image img;
        struct pe_export *ex;
        struct arena a;
        uint32_t n;

        memcpy(f, full, len);
        arena_init(&a);
        if (pe_parse(&v, 0, &a, &img) != PE_OK) errors++;
        else
        {
            struct pe_codeview cv;

            {
                struct pe_codeview cv;

                pe_read_exports(&img, &v, &a, &ex, &n);
                pe_read_codeview(&img, &v, &cv);
            }
            pe_read_codeview(&img, &v, &cv);
        }
        arena_free_all(&a);
        free(f);
    }
    CHECK(errors > 0x100, "truncated headers rejected (%zu)", errors);
    free(full);
}

/* Hostile values in each interesting field. */
static void test_pe_hostile(void)
{
    static const struct { unsigned off, width; uint32_t value; enum pe_status want; } cases[] = {
        { 0x3c, 4, 0xfffffff0, PE_TRUNCATED },   /* e_lfanew past the end */
        { 0x80, 4, 0x00004551, PE_NOT_PE },      /* bad signature */
        { 0x86, 2, 0xffff, PE_BAD_FORMAT },      /* section count */
        { 0x94, 2, 0xffff, PE_TRUNCATED },       /* optional header size */
        { 0x94, 2, 8, PE_BAD_FORMAT },           /* too small optional header */
        { 0x98, 2, 0x10c, PE_BAD_FORMAT },       /* magic */
        { 0x98 + 108, 4, 0xffffffff, PE_OK },    /* directory count */
        { 0x200 + 20, 4, 0xffffffff, PE_OK },    /* NumberOfFunctions */
        { 0x200 + 24, 4, 0xffffffff, PE_OK },    /* NumberOfNames */
        { 0x200 + 28, 4, 0xfffffff0, PE_OK },    /* AddressOfFunctions */
        { 0x200 + 32, 4, 0x1000, PE_OK },        /* names point at the directory */
        { 0x200 + 0x50, 4, 0x7ffffff0, PE_OK },  /* name RVA past the end */
        { 0x98 + 112, 4, 0xfffffff0, PE_OK },    /* export directory RVA */
        { 0x98 + 240 + 20, 4, 0xfffffff0, PE_OK },/* PointerToRawData */
        { 0x98 + 240 + 16, 4, 0xfffffff0, PE_OK },/* SizeOfRawData */
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        unsigned char *f = malloc(IMG_SIZE);
        struct byte_view v = { f, build_pe(f, 1) };
        struct pe_image img;
        struct pe_export *ex = NULL;
        struct arena a;
        enum pe_status st;
        uint32_t n = 0, j;

        if (cases[i].width == 2) put16(f + cases[i].off, (uint16_t)cases[i].value);
        else put32(f + cases[i].off, cases[i].value);
        arena_init(&a);
        st = pe_parse(&v, 0, &a, &img);
        CHECK(st == cases[i].want, "row %zu: status %d, want %d", i, st, cases[i].want);
        if (st == PE_OK)
        {
            pe_read_exports(&img, &v, &a, &ex, &n);
            CHECK(n <= 3, "row %zu: %u exports", i, n);
            for (j = 0; j < n; j++)
                if (ex[j].name) (void)strlen(ex[j].name);
        }
        arena_free_all(&a);
        free(f);
    }
}

static void test_modindex(void)
{
    struct modindex idx;
    static uint64_t bases[2000];
    size_t i, n = 2000, errors = 0;
    int owners[2000];

    modindex_init(&idx);
    CHECK(modindex_find(&idx, 0) == NULL, "empty index");
    /* Shuffled non-overlapping ranges. */
    for (i = 0; i < n; i++) bases[i] = 0x10000000ull + i * 0x10000;
    srand(1);
    for (i = n - 1; i > 0; i--)
    {
        size_t j = (size_t)rand() % (i + 1);
        uint64_t t = bases[i]; bases[i] = bases[j]; bases[j] = t;
    }
    for (i = 0; i < n; i++)
    {
        owners[i] = (int)i;
        if (modindex_insert(&idx, bases[i], 0x8000, &owners[i])) errors++;
    }
    CHECK(!errors && idx.count == n, "inserted %zu", idx.count);
    CHECK(modindex_insert(&idx, bases[5], 0x10, &owners[0]) == -1, "duplicate base refused");
    for (i = 0, errors = 0; i < n; i++)
    {
        if (modindex_find(&idx, bases[i] + 0x7fff) != &owners[i]) errors++;
        if (modindex_find(&idx, bases[i] + 0x8000) != NULL) errors++;
        if (modindex_find_base(&idx, bases[i]) != &owners[i]) errors++;
    }
    CHECK(!errors, "lookups (%zu errors)", errors);
    for (i = 0, errors = 0; i < n; i += 2)
        if (modindex_remove(&idx, bases[i]) != &owners[i]) errors++;
    CHECK(!errors && idx.count == n / 2, "removed half (%zu errors)", errors);
    for (i = 0, errors = 0; i < n; i++)
    {
        void *want = (i & 1) ? &owners[i] : NULL;
        if (modindex_find(&idx, bases[i] + 1) != want) errors++;
    }
    CHECK(!errors, "lookups after removal (%zu errors)", errors);
    CHECK(modindex_remove(&idx, 0x1234) == NULL, "remove unknown");
    CHECK(idx.pools != NULL, "pools kept while modules remain");
    for (i = 1, errors = 0; i < n; i += 2)
        if (modindex_remove(&idx, bases[i]) != &owners[i]) errors++;
    CHECK(!errors && idx.count == 0, "removed the rest (%zu errors)", errors);
    CHECK(idx.pools == NULL && idx.free_list == NULL, "node pools released when empty");
    CHECK(modindex_insert(&idx, bases[1], 0x10, &owners[1]) == 0 &&
          modindex_find(&idx, bases[1]) == &owners[1], "index reusable after emptying");
    modindex_clear(&idx);
    CHECK(idx.count == 0 && modindex_find(&idx, bases[1]) == NULL, "cleared");

    /* Overlapping ranges: a big range whose end covers later small ones'
     * neighbourhood. */
    modindex_init(&idx);
    modindex_insert(&idx, 0x1000, 0x10000, &owners[0]);  /* [0x1000, 0x11000) */
    modindex_insert(&idx, 0x2000, 0x100, &owners[1]);    /* inside */
    modindex_insert(&idx, 0x20000, 0x100, &owners[2]);
    modindex_insert(&idx, UINT64_MAX - 0x10, 0x100, &owners[3]); /* saturating end */
    CHECK(modindex_find(&idx, 0x2050) == &owners[1], "innermost range wins");
    CHECK(modindex_find(&idx, 0x3000) == &owners[0], "outer range found past inner");
    CHECK(modindex_find(&idx, 0x11000) == NULL, "gap");
    /* The end saturates: the very last address is outside every range. */
    CHECK(modindex_find(&idx, UINT64_MAX - 1) == &owners[3], "range at the top");
    modindex_clear(&idx);
}

static void test_names(void)
{
    static const struct { const char *in, *out; } cases[] = {
        { "C:\\windows\\system32\\KERNEL32.dll", "KERNEL32" },
        { "fixa.dll", "fixa" },
        { "/unix/path/libfoo.so", "libfoo" },
        { "noext", "noext" },
        { "archive.tar.gz", "archive.tar.gz" },
        { "prog.EXE", "prog" },
        { "dir.d\\file", "file" },
        { ".dll", ".dll" },
        { "averyveryveryveryveryverylongmodulename.dll", "averyveryveryveryveryverylongmo" },
    };
    size_t i, j;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        uint16_t in[128], out[32];
        char got[32];

        for (j = 0; (in[j] = (unsigned char)cases[i].in[j]); j++) ;
        module_name_from_path(in, out, 32);
        for (j = 0; (got[j] = (char)out[j]); j++) ;
        CHECK(!strcmp(got, cases[i].out), "row %zu: %s -> %s, want %s", i, cases[i].in, got,
              cases[i].out);
    }
}

/* The image checksum: word sums folded with end-around carry, the stored
 * field taken out, the length added. */
static void test_checksum(void)
{
    static const unsigned char three[] = { 0x01, 0x02, 0x03 };
    static const unsigned char carry[] = { 0xff, 0xff, 0x02, 0x00 };
    static unsigned char f[IMG_SIZE], g[IMG_SIZE];
    size_t at, len = build_pe(f, 1);
    uint32_t sum, zeroed;

    CHECK(pe_checksum(three, 3, (size_t)-1) == 0x0204 + 3, "odd length: %#x",
          pe_checksum(three, 3, (size_t)-1));
    CHECK(pe_checksum(carry, 4, (size_t)-1) == 0x0002 + 4, "carry: %#x",
          pe_checksum(carry, 4, (size_t)-1));
    CHECK(pe_checksum(three, 0, (size_t)-1) == 0, "empty: %#x", pe_checksum(three, 0, (size_t)-1));
    /* A field that does not fit in the data is not taken out. */
    CHECK(pe_checksum(carry, 4, 2) == 6, "field past the end: %#x", pe_checksum(carry, 4, 2));
    /* The whole buffer is the field: what is left is zero. */
    CHECK(pe_checksum(carry, 4, 0) == 4, "field is everything: %#x", pe_checksum(carry, 4, 0));

    at = pe_checksum_offset(f, len);
    CHECK(at == 0x80 + 24 + 64, "checksum offset %zu", at);
    CHECK(pe_checksum_offset(f, at + 3) == (size_t)-1, "truncated before the field");
    CHECK(pe_checksum_offset(three, 3) == (size_t)-1, "not a PE");
    /* Whatever is stored, the result is the sum with the field zeroed. */
    memcpy(g, f, len);
    memset(g + at, 0, 4);
    zeroed = pe_checksum(g, len, (size_t)-1);
    sum = pe_checksum(f, len, at);
    CHECK(sum == zeroed, "stored field not taken out: %#x, want %#x", sum, zeroed);
    put32(f + at, 0xffffffff);
    CHECK(pe_checksum(f, len, at) == zeroed, "0xffffffff stored: %#x", pe_checksum(f, len, at));
    put32(f + at, sum);
    CHECK(pe_checksum(f, len, at) == zeroed, "own sum stored: %#x", pe_checksum(f, len, at));
}

/* A minidump: header, directory of three streams, a memory list with two
 * ranges and a Memory64 list with one. */

static void test_mdmp(void)
{
    unsigned char d[512];
    struct byte_view v = { d, sizeof(d) };
    struct mdmp_stream s;
    struct mdmp_range r[8];
    uint32_t n, dir;
    unsigned char buf[16];
    size_t count;
    int i;

    memset(d, 0, sizeof(d));
    put32(d, MDMP_SIGNATURE);
    put32(d + 4, MDMP_VERSION | 0x12340000u);
    put32(d + 8, 3);
    put32(d + 12, 32);
    /* directory at 32: type, size, rva */
    put32(d + 32, 7); put32(d + 36, 8); put32(d + 40, 100);
    put32(d + 44, MDMP_STREAM_MEMORY_LIST); put32(d + 48, 4 + 2 * 16); put32(d + 52, 120);
    put32(d + 56, MDMP_STREAM_MEMORY64_LIST); put32(d + 60, 16 + 16); put32(d + 64, 200);
    /* memory list at 120: 2 ranges: 0x1000+4 at 300, 0x2000+8 at 304 */
    put32(d + 120, 2);
    put64(d + 124, 0x1000); put32(d + 132, 4); put32(d + 136, 300);
    put64(d + 140, 0x2000); put32(d + 148, 8); put32(d + 152, 304);
    /* memory64 at 200: one range 0x3000+16, data at 400 */
    put64(d + 200, 1); put64(d + 208, 400);
    put64(d + 216, 0x3000); put64(d + 224, 16);
    for (i = 0; i < 12; i++) d[300 + i] = (unsigned char)(0xa0 + i);
    for (i = 0; i < 16; i++) d[400 + i] = (unsigned char)(0x10 + i);

    CHECK(mdmp_open(&v, &n, &dir) == 0 && n == 3 && dir == 32, "open");
    CHECK(mdmp_find_stream(&v, 7, &s) == 0 && s.rva == 100 && s.size == 8, "stream 7");
    CHECK(mdmp_find_stream(&v, 9, &s) == 2, "stream 9 at index 2");
    CHECK(mdmp_find_stream(&v, 11, &s) == -1, "absent stream");
    CHECK(mdmp_read_memory(&v, 0x1000, buf, 4) == 0 && buf[0] == 0xa0 && buf[3] == 0xa3, "range 1");
    CHECK(mdmp_read_memory(&v, 0x2002, buf, 6) == 0 && buf[0] == 0xa6, "range 2 inside");
    CHECK(mdmp_read_memory(&v, 0x2002, buf, 7) == -1, "past range 2");
    CHECK(mdmp_read_memory(&v, 0x3004, buf, 12) == 0 && buf[0] == 0x14 && buf[11] == 0x1f, "memory64");
    CHECK(mdmp_read_memory(&v, 0x0fff, buf, 2) == -1, "before range 1");
    CHECK(mdmp_read_memory(&v, UINT64_MAX - 1, buf, 4) == -1, "address overflow");
    /* Hostile: directory past the end, a stream past the end, a huge count. */
    put32(d + 12, 510);
    CHECK(mdmp_open(&v, &n, &dir) == -1, "directory past the end");
    put32(d + 12, 32);
    put32(d + 36, 1000);
    CHECK(mdmp_find_stream(&v, 7, &s) == -1, "stream past the end");
    put32(d + 36, 8);
    put32(d + 120, 0x10000000);
    CHECK(mdmp_read_memory(&v, 0x1000, buf, 4) == -1, "memory list count past its stream");
    put32(d + 120, 2);
    put64(d + 200, UINT64_MAX);
    CHECK(mdmp_read_memory(&v, 0x3000, buf, 4) == -1, "memory64 count past its stream");
    put32(d, 0);
    CHECK(mdmp_open(&v, &n, &dir) == -1, "no signature");

    /* Range lists. */
    r[0].start = 0x3000; r[0].size = 0x100;
    r[1].start = 0x1000; r[1].size = 0x1000;
    r[2].start = 0x1800; r[2].size = 0x1000;   /* overlaps 1 */
    r[3].start = 0x3100; r[3].size = 0x10;     /* touches 0 */
    r[4].start = 0x9000; r[4].size = 0;        /* empty */
    r[5].start = UINT64_MAX - 4; r[5].size = 100; /* cut at 2^64 */
    count = mdmp_ranges_merge(r, 6);
    CHECK(count == 3, "merged into %zu", count);
    CHECK(r[0].start == 0x1000 && r[0].size == 0x1800, "first %llx+%llx", (unsigned long long)r[0].start,
          (unsigned long long)r[0].size);
    CHECK(r[1].start == 0x3000 && r[1].size == 0x110, "second");
    CHECK(r[2].size == 4, "cut at the top");
    CHECK(mdmp_ranges_remove(r, &count, 3, 0x1100, 0x100) == -1 && count == 3, "no room to split");
    CHECK(mdmp_ranges_remove(r, &count, 8, 0x1100, 0x100) == 0 && count == 4 && r[0].size == 0x100 &&
          r[1].start == 0x1200 && r[1].size == 0x1600, "split");
    CHECK(mdmp_ranges_remove(r, &count, 8, 0x2f00, 0x200) == 0 && count == 4 && r[2].start == 0x3100 &&
          r[2].size == 0x10, "cut the front");
    CHECK(mdmp_ranges_remove(r, &count, 8, 0, UINT64_MAX) == 0 && count == 0, "remove all");
}

int main(int argc, char **argv)
{
    int i;

    test_view();
    test_arena();
    test_pe_valid(1);
    test_pe_valid(0);
    test_pe_truncated();
    test_pe_hostile();
    test_modindex();
    test_names();
    test_checksum();
    test_debug_index();
    test_msf();
    test_mdmp();
    for (i = 1; i < argc; i++) test_codeview_file(argv[i]);
    printf("core: %d tests executed (0 marked as todo, %d %s), 0 skipped.\n", passed + failed,
           failed, failed == 1 ? "failure" : "failures");
    printf("core: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
