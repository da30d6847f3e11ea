/*
 * types.c: type information over the type fixture (fixtype_*.dll, DWARF 2,
 * 4 and 5, -O0 and -O2): SymGetTypeInfo for every request DWARF answers,
 * SymGetTypeInfoEx, SymGetTypeFromName(W), SymEnumTypes(W),
 * SymEnumTypesByName(W), and the typed symbols: TypeIndex and Index from
 * SymFromName, SymFromAddr and the scope's locals, SymFromIndex(W),
 * SymGetScope(W), SymSetScopeFromIndex.
 *
 * Expected sizes, offsets and bitfield positions come from the compiler
 * that built the fixture: this file includes the fixture's header and asks
 * sizeof, offsetof and the bits a store sets.
 *
 * What Microsoft's dbghelp answers is asserted where it is known (see
 * dlls/dbghelp/typeinfo.c for the evidence): a typedef has no length and
 * no children count, a failed request sets ERROR_INVALID_FUNCTION.
 * Microsoft's DLL reads no DWARF, so the area is skipped on Windows; Wine
 * 8.0's builtin reads DWARF 2 to 4 (not 5) and deviates where todo_wine
 * says.
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <oleauto.h>
#include "fixsym_util.h"
#include "fixtures/fixtype.h"
#include "fixtures/fixtypepp.h"

#define TYPE_HANDLE    ((HANDLE)(ULONG_PTR)0x5e1f0007)
/* SYMBOL_INFO's Index is `info` in mingw's header. */
#define UNKNOWN_HANDLE ((HANDLE)(ULONG_PTR)0x5e1f0bad)

/* SymTagEnum, BasicType, DataKind, UdtKind (cvconst.h, not in mingw). */
enum { T_EXE = 1, T_COMPILAND = 2, T_FUNCTION = 5, T_BLOCK = 6, T_DATA = 7, T_UDT = 11, T_ENUM = 12,
       T_FUNCTION_TYPE = 13, T_POINTER = 14, T_ARRAY = 15, T_BASE = 16, T_TYPEDEF = 17,
       T_ARG = 20 };
enum { B_VOID = 1, B_CHAR = 2, B_INT = 6, B_UINT = 7, B_FLOAT = 8, B_BOOL = 10, B_LONG = 13,
       B_ULONG = 14 };
enum { D_LOCAL = 1, D_STATIC_LOCAL = 2, D_PARAM = 3, D_FILE_STATIC = 5, D_GLOBAL = 6, D_MEMBER = 7,
       D_CONSTANT = 9 };
enum { U_STRUCT = 0, U_CLASS = 1, U_UNION = 2 };
enum { T_BASE_CLASS = 18, T_VTABLE_SHAPE = 24, T_VTABLE = 25 };
#define D_STATIC_MEMBER 8

/* The requests mingw's IMAGEHLP_SYMBOL_TYPE_INFO lacks. */
#define REQ_IS_CLOSE_EQUIV_TO ((IMAGEHLP_SYMBOL_TYPE_INFO)27)
#define REQ_GTIEX_REQS_VALID  ((IMAGEHLP_SYMBOL_TYPE_INFO)28)
#define REQ_VIRTUALBASEDISPINDEX ((IMAGEHLP_SYMBOL_TYPE_INFO)30)
#define REQ_IS_REFERENCE      ((IMAGEHLP_SYMBOL_TYPE_INFO)31)
#define REQ_OBJECTPOINTERTYPE ((IMAGEHLP_SYMBOL_TYPE_INFO)34)

/* IMAGEHLP_GET_TYPE_INFO_PARAMS (Microsoft's dbghelp.h). */
struct get_type_info_params
{
    ULONG SizeOfStruct;
    ULONG Flags;
    ULONG NumIds;
    PULONG TypeIds;
    ULONG64 TagFilter;
    ULONG NumReqs;
    IMAGEHLP_SYMBOL_TYPE_INFO *ReqKinds;
    PULONG_PTR ReqOffsets;
    PULONG ReqSizes;
    ULONG_PTR ReqStride;
    ULONG_PTR BufferSize;
    PVOID Buffer;
    ULONG EntriesMatched;
    ULONG EntriesFilled;
    ULONG64 TagsFound;
    ULONG64 AllReqsValid;
    ULONG NumReqsValid;
    PULONG64 ReqsValid;
};
#define GET_TYPE_INFO_CHILDREN 0x2

typedef BOOL (WINAPI *SymGetTypeInfo_fn)(HANDLE, DWORD64, ULONG, IMAGEHLP_SYMBOL_TYPE_INFO, PVOID);
typedef BOOL (WINAPI *SymGetTypeInfoEx_fn)(HANDLE, DWORD64, struct get_type_info_params *);
typedef BOOL (WINAPI *SymGetTypeFromName_fn)(HANDLE, ULONG64, PCSTR, PSYMBOL_INFO);
typedef BOOL (WINAPI *SymGetTypeFromNameW_fn)(HANDLE, ULONG64, PCWSTR, PSYMBOL_INFOW);
typedef BOOL (WINAPI *SymEnumTypes_fn)(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID);
typedef BOOL (WINAPI *SymEnumTypesW_fn)(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);
typedef BOOL (WINAPI *SymEnumTypesByName_fn)(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK,
                                             PVOID);
typedef BOOL (WINAPI *SymEnumTypesByNameW_fn)(HANDLE, ULONG64, PCWSTR,
                                              PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);
typedef BOOL (WINAPI *SymFromIndex_fn)(HANDLE, ULONG64, DWORD, PSYMBOL_INFO);
typedef BOOL (WINAPI *SymFromIndexW_fn)(HANDLE, ULONG64, DWORD, PSYMBOL_INFOW);
typedef BOOL (WINAPI *SymSetScopeFromIndex_fn)(HANDLE, ULONG64, DWORD);

static SymGetTypeInfo_fn pSymGetTypeInfo;
static SymGetTypeInfoEx_fn pSymGetTypeInfoEx;
static SymGetTypeFromName_fn pSymGetTypeFromName;
static SymGetTypeFromNameW_fn pSymGetTypeFromNameW;
static SymEnumTypes_fn pSymEnumTypes;
static SymEnumTypesW_fn pSymEnumTypesW;
static SymEnumTypesByName_fn pSymEnumTypesByName;
static SymEnumTypesByNameW_fn pSymEnumTypesByNameW;
static SymFromIndex_fn pSymFromIndex, pSymGetScope;
static SymFromIndexW_fn pSymFromIndexW;
static SymSetScopeFromIndex_fn pSymSetScopeFromIndex;
static BOOL (WINAPI *pSymFromName)(HANDLE, PCSTR, PSYMBOL_INFO);
static BOOL (WINAPI *pSymFromAddr)(HANDLE, DWORD64, PDWORD64, PSYMBOL_INFO);
static BOOL (WINAPI *pSymEnumSymbols)(HANDLE, ULONG64, PCSTR, PSYM_ENUMERATESYMBOLS_CALLBACK, PVOID);
static BOOL (WINAPI *pSymSetScopeFromAddr)(HANDLE, ULONG64);

struct variant
{
    const char *name;
    int dwarf;          /* DWARF version, 0 for the PDB */
    BOOL optimised;
};

static const struct variant variants[] =
{
    { "fixtype_d2o0", 2, FALSE },
    { "fixtype_d4o0", 4, FALSE },
    { "fixtype_d5o0", 5, FALSE },
    { "fixtype_d4o2", 4, TRUE },
    { "fixtype_pdb", 0, FALSE },  /* clang -gcodeview: a PDB */
};

/* The module under test. */
static DWORD64 base;
static const struct variant *cur;

/* What a PDB says differently from DWARF on the same source (clang's
 * CodeView, which DIA and Microsoft's DLL report as written):
 *   - no typedef type records: a member or variable declared with a
 *     typedef has the typedef's target as its type; S_UDT records name
 *     the typedefs (SymGetTypeFromName finds them);
 *   - the anonymous struct is a nested type of its struct (LF_NESTTYPE),
 *     listed among its children and named "fixtype_record::<unnamed-tag>";
 *   - a function's static is named "fixtype_sum::calls";
 *   - the compiland is the object file the linker read. */
#define IS_PDB (cur->dwarf == 0)
#define PDB_NESTED (IS_PDB ? 1 : 0)

/* ---- helpers --------------------------------------------------------------------- */

static BOOL ti(DWORD id, IMAGEHLP_SYMBOL_TYPE_INFO req, void *out)
{
    return pSymGetTypeInfo(TYPE_HANDLE, base, id, req, out);
}

/* A DWORD request that must succeed; 0xdeadbeef when it failed. */
#define ti_dword(id, req) ti_dword_(__LINE__, id, req, #req)
static DWORD ti_dword_(int line, DWORD id, IMAGEHLP_SYMBOL_TYPE_INFO req, const char *what)
{
    DWORD v = 0xdeadbeef;
    BOOL ret = ti(id, req, &v);

    wtest_ok(__FILE__, line, ret, "%s of %lu failed: %lu\n", what, id, GetLastError());
    return ret ? v : 0xdeadbeef;
}

#define ti_length(id) ti_length_(__LINE__, id)
static ULONG64 ti_length_(int line, DWORD id)
{
    ULONG64 v = 0xdeadbeef;
    BOOL ret = ti(id, TI_GET_LENGTH, &v);

    wtest_ok(__FILE__, line, ret, "TI_GET_LENGTH of %lu failed: %lu\n", id, GetLastError());
    return ret ? v : 0xdeadbeef;
}

/* The name of a node, or "" (static buffer per call site is enough). */
static const char *ti_name(DWORD id, char *buf, size_t size)
{
    WCHAR *w = NULL;

    buf[0] = 0;
    if (!ti(id, TI_GET_SYMNAME, &w) || !w) return buf;
    WideCharToMultiByte(CP_ACP, 0, w, -1, buf, (int)size, NULL, NULL);
    LocalFree(w);
    return buf;
}

/* The children of a node (malloc'ed), their count in *n. */
static DWORD *children(DWORD id, DWORD *n)
{
    TI_FINDCHILDREN_PARAMS *p;
    DWORD count = 0, *out;

    *n = 0;
    if (!ti(id, TI_GET_CHILDRENCOUNT, &count) || !count) return NULL;
    p = calloc(1, sizeof(*p) + count * sizeof(ULONG));
    p->Count = count;
    p->Start = 0;
    if (!ti(id, TI_FINDCHILDREN, p))
    {
        ok(0, "TI_FINDCHILDREN of %lu failed: %lu\n", id, GetLastError());
        free(p);
        return NULL;
    }
    out = malloc(count * sizeof(*out));
    memcpy(out, p->ChildId, count * sizeof(*out));
    free(p);
    *n = count;
    return out;
}

/* The child of id called name, or 0. */
static DWORD child_named(DWORD id, const char *name)
{
    DWORD n, i, found = 0, *kids = children(id, &n);
    char buf[256];

    for (i = 0; i < n && !found; i++)
        if (!strcmp(ti_name(kids[i], buf, sizeof(buf)), name)) found = kids[i];
    free(kids);
    return found;
}

/* The type of a node, typedefs kept. */
static DWORD type_of(DWORD id)
{
    return ti_dword(id, TI_GET_TYPE);
}

static void check_base(int line, DWORD id, DWORD bt, ULONG64 len)
{
    DWORD tag = 0, got = 0;
    ULONG64 l = 0;

    ok(ti(id, TI_GET_SYMTAG, &tag) && tag == T_BASE, "line %d: tag %lu, not a base type\n", line, tag);
    ok(ti(id, TI_GET_BASETYPE, &got) && got == bt, "line %d: basic type %lu, expected %lu\n", line, got, bt);
    ok(ti(id, TI_GET_LENGTH, &l) && l == len, "line %d: length %llu, expected %llu\n", line, l, len);
}

static LONG64 variant_value(const VARIANT *v, BOOL *okay)
{
    *okay = TRUE;
    switch (V_VT(v))
    {
    case VT_I1: return V_I1(v);
    case VT_I2: return V_I2(v);
    case VT_I4: return V_I4(v);
    case VT_I8: return V_I8(v);
    case VT_UI1: return V_UI1(v);
    case VT_UI2: return V_UI2(v);
    case VT_UI4: return V_UI4(v);
    case VT_UI8: return (LONG64)V_UI8(v);
    case VT_INT: return V_INT(v);
    case VT_UINT: return V_UINT(v);
    default: *okay = FALSE; return 0;
    }
}

/* Where the compiler put a bitfield: its first bit and width, found by
 * setting every bit of it in a zeroed struct. */
#define BITS_OF(member, first, width) do { \
        struct fixtype_bits b_; const unsigned char *p_ = (const unsigned char *)&b_; unsigned i_; \
        memset(&b_, 0, sizeof(b_)); b_.member = -1; *(first) = ~0u; *(width) = 0; \
        for (i_ = 0; i_ < sizeof(b_) * 8; i_++) \
            if (p_[i_ / 8] >> (i_ % 8) & 1) { if (*(first) == ~0u) *(first) = i_; (*(width))++; } \
    } while (0)

static SYMBOL_INFO *sym_init(void *buf)
{
    SYMBOL_INFO *si = buf;

    memset(si, 0, sizeof(*si) + 256);
    si->SizeOfStruct = sizeof(*si);
    si->MaxNameLen = 256;
    return si;
}

/* ---- the struct and its members ----------------------------------------------- */

static void test_bits(DWORD bits)
{
    static const struct { const char *name; ULONG64 unit; } fields[] =
    {
        { "a", sizeof(unsigned int) }, { "b", sizeof(unsigned int) }, { "c", sizeof(int) },
        { "wide", sizeof(unsigned long long) },
    };
    unsigned first[4], width[4], i;
    DWORD m, pos, off;
    ULONG64 len;

    ok(ti_dword(bits, TI_GET_UDTKIND) == U_STRUCT, "fixtype_bits is not a struct\n");
    ok(ti_length(bits) == sizeof(struct fixtype_bits), "fixtype_bits: wrong length\n");
    BITS_OF(a, &first[0], &width[0]);
    BITS_OF(b, &first[1], &width[1]);
    BITS_OF(c, &first[2], &width[2]);
    BITS_OF(wide, &first[3], &width[3]);
    for (i = 0; i < ARRAY_SIZE(fields); i++)
    {
        ULONG64 unit_bits = fields[i].unit * 8, unit_off = first[i] / unit_bits * fields[i].unit;

        winetest_push_context("bitfield %s", fields[i].name);
        m = child_named(bits, fields[i].name);
        ok(m != 0, "member not found\n");
        /* Microsoft's model: the offset of the type-sized unit holding the
         * field, the position in it, the width as the member's length. */
        pos = off = 0xdeadbeef;
        len = 0;
        ok(ti(m, TI_GET_BITPOSITION, &pos) && pos == first[i] - unit_off * 8,
           "bit position %lu, expected %llu\n", pos, first[i] - unit_off * 8);
        ok(ti(m, TI_GET_LENGTH, &len) && len == width[i], "length %llu, expected %u bits\n", len, width[i]);
        ok(ti(m, TI_GET_OFFSET, &off) && off == unit_off, "offset %lu, expected %llu\n", off, unit_off);
        winetest_pop_context();
    }
    m = child_named(bits, "tail");
    ok(ti_dword(m, TI_GET_OFFSET) == offsetof(struct fixtype_bits, tail), "tail: wrong offset\n");
    SetLastError(0xdeadbeef);
    ok(!ti(m, TI_GET_BITPOSITION, &pos), "tail is not a bitfield\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_FUNCTION, "error %lu\n", GetLastError());
    /* A member that is no bitfield has no length of its own (Wine). */
    ok(!ti(m, TI_GET_LENGTH, &len), "tail has a length\n");
}

static void test_enum(DWORD e)
{
    static const struct { const char *name; LONG64 value; } values[] =
    {
        { "FT_RED", FT_RED }, { "FT_GREEN", FT_GREEN }, { "FT_BLUE", FT_BLUE }, { "FT_BIG", FT_BIG },
    };
    char buf[64];
    DWORD n, i, *kids, v, t;
    ULONG64 len;

    ok(ti_dword(e, TI_GET_SYMTAG) == T_ENUM, "not an enum\n");
    ok(!strcmp(ti_name(e, buf, sizeof(buf)), "fixtype_color"), "enum name %s\n", buf);
    len = 0;
    ok(ti(e, TI_GET_LENGTH, &len) && len == sizeof(enum fixtype_color), "enum length %llu\n", len);
    v = 0;
    ok(ti(e, TI_GET_BASETYPE, &v) && v == B_INT, "enum basic type %lu\n", v);
    t = v = 0;
    ok(ti(e, TI_GET_TYPE, &t) && ti(t, TI_GET_BASETYPE, &v) && v == B_INT, "enum underlying type %lu\n", v);
    ok(ti_dword(e, TI_GET_NESTED) == 0, "enum nested\n");
    kids = children(e, &n);
    ok(n == ARRAY_SIZE(values), "%lu enumerators\n", n);
    for (i = 0; i < n && i < ARRAY_SIZE(values); i++)
    {
        VARIANT v;
        BOOL okay = FALSE;
        LONG64 val;

        winetest_push_context("%s", values[i].name);
        ok(!strcmp(ti_name(kids[i], buf, sizeof(buf)), values[i].name), "name %s\n", buf);
        ok(ti_dword(kids[i], TI_GET_SYMTAG) == T_DATA, "not data\n");
        ok(ti_dword(kids[i], TI_GET_DATAKIND) == D_CONSTANT, "not a constant\n");
        memset(&v, 0, sizeof(v));
        ok(ti(kids[i], TI_GET_VALUE, &v), "no value: %lu\n", GetLastError());
        val = variant_value(&v, &okay);
        ok(okay && val == values[i].value, "value %lld (vt %u)\n", val, V_VT(&v));
        winetest_pop_context();
    }
    free(kids);
}

static void test_callback_type(DWORD td)
{
    char buf[64];
    DWORD ptr, fn, n, *kids, v;
    ULONG64 len;

    ok(ti_dword(td, TI_GET_SYMTAG) == T_TYPEDEF, "not a typedef\n");
    ok(!strcmp(ti_name(td, buf, sizeof(buf)), "fixtype_callback"), "typedef name %s\n", buf);
    /* Microsoft's DLL answers neither on a typedef (its ReqsValid mask for
     * one has no LENGTH and no CHILDRENCOUNT bit); Wine's gives the
     * target's. */
    SetLastError(0xdeadbeef);
    todo_wine ok(!ti(td, TI_GET_LENGTH, &len), "a typedef has a length\n");
    todo_wine ok(!ti(td, TI_GET_CHILDRENCOUNT, &v), "a typedef has a children count\n");
    ptr = type_of(td);
    ok(ti_dword(ptr, TI_GET_SYMTAG) == T_POINTER, "not a pointer\n");
    ok(ti_length(ptr) == sizeof(void *), "pointer length\n");
    fn = type_of(ptr);
    ok(ti_dword(fn, TI_GET_SYMTAG) == T_FUNCTION_TYPE, "not a function type\n");
    check_base(__LINE__, type_of(fn), B_INT, sizeof(int));
    ok(ti_dword(fn, TI_GET_COUNT) == 2, "argument count\n");
    /* cdecl: CV_CALL_NEAR_C, as Microsoft's DLL reports it for a cdecl
     * function type (its SymGetTypeInfoEx dump); Wine's builtin says
     * CV_CALL_FAR_C when the reader did not set one. */
    v = ti_dword(fn, TI_GET_CALLING_CONVENTION);
    todo_wine ok(v == 0, "calling convention %lu\n", v);
    SetLastError(0xdeadbeef);
    ok(!ti(fn, TI_GET_CLASSPARENTID, &v), "a plain function type has a class\n");
    kids = children(fn, &n);
    ok(n == 2, "%lu arguments\n", n);
    if (n == 2)
    {
        DWORD p;

        ok(ti_dword(kids[0], TI_GET_SYMTAG) == T_ARG, "not an argument\n");
        p = type_of(kids[0]);
        ok(ti_dword(p, TI_GET_SYMTAG) == T_POINTER, "argument 0 is not a pointer\n");
        check_base(__LINE__, type_of(p), B_CHAR, 1);
        check_base(__LINE__, type_of(kids[1]), B_LONG, sizeof(long));
    }
    free(kids);
}

static void test_record(DWORD rec)
{
    static const struct { const char *name; DWORD offset; } members[FIXTYPE_RECORD_MEMBERS] =
    {
#define M(x) { #x, offsetof(struct fixtype_record, x) }
        M(name), M(grid), M(next), M(cv), M(color), M(value), M(bits), M(cb), M(l), M(ul), M(ll),
        M(ull), M(sc), M(uc), M(f), M(d), M(flag), M(anon), M(trailing),
#undef M
    };
    char buf[256];
    DWORD n, i, *kids, m, t, e, exe;
    ULONG64 len;

    ok(ti_dword(rec, TI_GET_SYMTAG) == T_UDT, "not a UDT\n");
    ok(ti_dword(rec, TI_GET_UDTKIND) == U_STRUCT, "not a struct\n");
    ok(ti_length(rec) == sizeof(struct fixtype_record), "length\n");
    ok(!strcmp(ti_name(rec, buf, sizeof(buf)), "fixtype_record"), "name %s\n", buf);
    ok(ti_dword(rec, TI_GET_NESTED) == 0, "nested\n");
    ok(ti_dword(rec, TI_GET_SYMINDEX) == rec, "symbol index\n");
    /* A type's lexical parent is the module (Microsoft's and Wine's). */
    exe = ti_dword(rec, TI_GET_LEXICALPARENT);
    ok(ti_dword(exe, TI_GET_SYMTAG) == T_EXE, "lexical parent is not the exe\n");
    SetLastError(0xdeadbeef);
    ok(!ti(rec, TI_GET_BITPOSITION, &m), "a struct has a bit position\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_FUNCTION, "error %lu\n", GetLastError());

    kids = children(rec, &n);
    ok(n == FIXTYPE_RECORD_MEMBERS + PDB_NESTED, "%lu members\n", n);
    for (i = 0; i < n && i < FIXTYPE_RECORD_MEMBERS; i++)
    {
        winetest_push_context("member %s", members[i].name);
        ok(!strcmp(ti_name(kids[i], buf, sizeof(buf)), members[i].name), "name %s\n", buf);
        ok(ti_dword(kids[i], TI_GET_SYMTAG) == T_DATA, "not data\n");
        ok(ti_dword(kids[i], TI_GET_DATAKIND) == D_MEMBER, "not a member\n");
        ok(ti_dword(kids[i], TI_GET_OFFSET) == members[i].offset, "offset\n");
        todo_wine ok(ti_dword(kids[i], TI_GET_CLASSPARENTID) == rec, "class parent\n");
        winetest_pop_context();
    }
    free(kids);

    /* char name[16] */
    t = type_of(child_named(rec, "name"));
    ok(ti_dword(t, TI_GET_SYMTAG) == T_ARRAY, "name is not an array\n");
    ok(ti_dword(t, TI_GET_COUNT) == 16, "name count\n");
    ok(ti_length(t) == 16, "name length\n");
    e = ti_dword(t, TI_GET_ARRAYINDEXTYPEID);
    ok(ti_dword(e, TI_GET_SYMTAG) == T_BASE, "index type is not a base type\n");
    check_base(__LINE__, type_of(t), B_CHAR, 1);
    /* int grid[3][4]: an array of 3 arrays of 4 ints, Microsoft's model
     * (a PDB has one LF_ARRAY per dimension) and gdb's; Wine 8.0's builtin
     * has no such nesting and a wrong length. */
    t = type_of(child_named(rec, "grid"));
    m = 0;
    len = 0;
    todo_wine ok(ti(t, TI_GET_COUNT, &m) && m == 3, "grid count %lu\n", m);
    todo_wine ok(ti(t, TI_GET_LENGTH, &len) && len == sizeof(((struct fixtype_record *)0)->grid),
                 "grid length %llu\n", len);
    e = m = 0;
    todo_wine ok(ti(t, TI_GET_TYPE, &e) && ti(e, TI_GET_SYMTAG, &m) && m == T_ARRAY,
                 "grid row is not an array: %lu\n", m);
    m = 0;
    todo_wine ok(ti(e, TI_GET_COUNT, &m) && m == 4, "grid row count %lu\n", m);
    len = 0;
    todo_wine ok(ti(e, TI_GET_LENGTH, &len) && len == 4 * sizeof(int), "grid row length %llu\n", len);
    m = 0;
    todo_wine ok(ti(e, TI_GET_TYPE, &e) && ti(e, TI_GET_BASETYPE, &m) && m == B_INT, "grid element %lu\n", m);
    /* struct fixtype_node *next */
    t = type_of(child_named(rec, "next"));
    ok(ti_dword(t, TI_GET_SYMTAG) == T_POINTER, "next is not a pointer\n");
    ok(ti_length(t) == sizeof(void *), "pointer length\n");
    m = 0xdeadbeef;
    todo_wine ok(ti(t, REQ_IS_REFERENCE, &m) && m == 0, "a pointer is a reference: %lu\n", m);
    e = type_of(t);
    ok(!strcmp(ti_name(e, buf, sizeof(buf)), "fixtype_node"), "pointee %s\n", buf);
    ok(ti_length(e) == sizeof(struct fixtype_node), "pointee length\n");
    /* const volatile short: the qualifiers are not types of their own. */
    check_base(__LINE__, type_of(child_named(rec, "cv")), B_INT, sizeof(short));
    test_enum(type_of(child_named(rec, "color")));
    /* union fixtype_value */
    t = type_of(child_named(rec, "value"));
    ok(ti_dword(t, TI_GET_UDTKIND) == U_UNION, "value is not a union\n");
    ok(ti_length(t) == sizeof(union fixtype_value), "union length\n");
    kids = children(t, &n);
    ok(n == 3, "%lu union members\n", n);
    for (i = 0; i < n; i++) ok(ti_dword(kids[i], TI_GET_OFFSET) == 0, "union member %lu offset\n", i);
    free(kids);
    test_bits(type_of(child_named(rec, "bits")));
    if (IS_PDB)
    {
        char tbuf[sizeof(SYMBOL_INFO) + 256];
        SYMBOL_INFO *tsi = sym_init(tbuf);

        ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_callback", tsi), "fixtype_callback: %lu\n",
           GetLastError());
        ok(type_of(tsi->TypeIndex) == type_of(child_named(rec, "cb")), "cb is not the typedef's pointer\n");
        test_callback_type(tsi->TypeIndex);
    }
    else test_callback_type(type_of(child_named(rec, "cb")));
    check_base(__LINE__, type_of(child_named(rec, "l")), B_LONG, sizeof(long));
    check_base(__LINE__, type_of(child_named(rec, "ul")), B_ULONG, sizeof(unsigned long));
    check_base(__LINE__, type_of(child_named(rec, "ll")), B_INT, sizeof(long long));
    check_base(__LINE__, type_of(child_named(rec, "ull")), B_UINT, sizeof(unsigned long long));
    /* In C, signed char is char (Wine's reading of DWARF; C has no other). */
    check_base(__LINE__, type_of(child_named(rec, "sc")), B_CHAR, 1);
    check_base(__LINE__, type_of(child_named(rec, "uc")), B_UINT, 1);
    check_base(__LINE__, type_of(child_named(rec, "f")), B_FLOAT, sizeof(float));
    check_base(__LINE__, type_of(child_named(rec, "d")), B_FLOAT, sizeof(double));
    check_base(__LINE__, type_of(child_named(rec, "flag")), B_BOOL, sizeof(_Bool));
    /* struct { int x, y; } anon: MSVC's name for it, as Microsoft's DLL
     * shows it from a PDB and later Wine from DWARF (Wine 8.0 says
     * "zz_anon_zz"). */
    t = type_of(child_named(rec, "anon"));
    ok(ti_dword(t, TI_GET_SYMTAG) == T_UDT, "anon is not a UDT\n");
    todo_wine ok(!strcmp(ti_name(t, buf, sizeof(buf)), IS_PDB ? "fixtype_record::<unnamed-tag>" : "<unnamed-tag>"),
                 "anonymous struct name %s\n", buf);
    ok(ti_length(t) == 2 * sizeof(int), "anon length\n");
    ok(ti_dword(child_named(t, "y"), TI_GET_OFFSET) == sizeof(int), "anon.y offset\n");
    /* double trailing[]: a flexible array, no elements. */
    t = type_of(child_named(rec, "trailing"));
    ok(ti_dword(t, TI_GET_SYMTAG) == T_ARRAY, "trailing is not an array\n");
    m = 0xdeadbeef;
    ok(ti(t, TI_GET_COUNT, &m) && m == 0, "trailing count %lu\n", m);
    check_base(__LINE__, type_of(t), B_FLOAT, sizeof(double));
    len = 0;
    ok(ti(t, TI_GET_LENGTH, &len) && len == 0, "trailing length %llu\n", len);
}

/* ---- names and enumerations ----------------------------------------------------- */

struct enum_ctx
{
    char names[64][64];
    unsigned count, bad;
};

static BOOL CALLBACK enum_cb(PSYMBOL_INFO si, ULONG size, PVOID user)
{
    struct enum_ctx *ctx = user;
    DWORD tag = 0;

    if (si->ModBase != base || size != si->Size || !ti(si->TypeIndex, TI_GET_SYMTAG, &tag) ||
        tag != si->Tag || tag == T_BASE)
        ctx->bad++;
    /* The fixture's own types (windows.h brings many more). */
    if (si->NameLen && ctx->count < ARRAY_SIZE(ctx->names) &&
        (!strncmp(si->Name, "fixtype", 7) || !strncmp(si->Name, "fixns", 5)))
        lstrcpynA(ctx->names[ctx->count++], si->Name, sizeof(ctx->names[0]));
    return TRUE;
}

static BOOL CALLBACK enum_cbW(PSYMBOL_INFOW si, ULONG size, PVOID user)
{
    struct enum_ctx *ctx = user;

    (void)size;
    if (si->ModBase != base) ctx->bad++;
    if (si->NameLen && ctx->count < ARRAY_SIZE(ctx->names) && !wcsncmp(si->Name, L"fixtype", 7))
        WideCharToMultiByte(CP_ACP, 0, si->Name, -1, ctx->names[ctx->count++], sizeof(ctx->names[0]),
                            NULL, NULL);
    return TRUE;
}

static BOOL listed(const struct enum_ctx *ctx, const char *name)
{
    unsigned i;

    for (i = 0; i < ctx->count; i++)
        if (!strcmp(ctx->names[i], name)) return TRUE;
    return FALSE;
}

static void test_names(DWORD rec)
{
    static const char *const named[] =
    {
        "fixtype_record", "fixtype_node", "fixtype_bits", "fixtype_value", "fixtype_color",
        "fixtype_uint", "fixtype_callback",
    };
    char buf[sizeof(SYMBOL_INFO) + 256], wbuf[sizeof(SYMBOL_INFOW) + 512], qual[64];
    SYMBOL_INFO *si = sym_init(buf);
    SYMBOL_INFOW *siw = (SYMBOL_INFOW *)wbuf;
    struct enum_ctx ctx;
    unsigned i;

    ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_record", si), "fixtype_record: %lu\n", GetLastError());
    ok(si->TypeIndex == rec, "TypeIndex %lu, expected %lu\n", si->TypeIndex, rec);
    ok(si->Tag == T_UDT, "tag %lu\n", si->Tag);
    ok(si->Size == sizeof(struct fixtype_record), "size %lu\n", si->Size);
    ok(si->ModBase == base, "ModBase\n");
    ok(si->NameLen == strlen("fixtype_record") && !strcmp(si->Name, "fixtype_record"), "name %s\n", si->Name);

    si = sym_init(buf);
    ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_uint", si), "fixtype_uint: %lu\n", GetLastError());
    ok(si->Tag == T_TYPEDEF, "tag %lu\n", si->Tag);
    check_base(__LINE__, type_of(si->TypeIndex), B_UINT, sizeof(unsigned int));
    si = sym_init(buf);
    ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_color", si) && si->Tag == T_ENUM, "fixtype_color\n");

    /* Names are case-sensitive; an unknown one is ERROR_INVALID_NAME. */
    si = sym_init(buf);
    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeFromName(TYPE_HANDLE, base, "FIXTYPE_RECORD", si), "found a type by a wrong case\n");
    si = sym_init(buf);
    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_nosuch", si), "found an unknown type\n");
    ok(GetLastError() == ERROR_INVALID_NAME, "error %lu\n", GetLastError());

    /* "module!name" */
    snprintf(qual, sizeof(qual), "%s!fixtype_node", cur->name);
    si = sym_init(buf);
    todo_wine ok(pSymGetTypeFromName(TYPE_HANDLE, 0, qual, si) && si->Tag == T_UDT &&
                 si->Size == sizeof(struct fixtype_node), "%s: %lu\n", qual, GetLastError());

    memset(wbuf, 0, sizeof(wbuf));
    siw->SizeOfStruct = sizeof(*siw);
    siw->MaxNameLen = 256;
    if (pSymGetTypeFromNameW)
    {
        ok(pSymGetTypeFromNameW(TYPE_HANDLE, base, L"fixtype_record", siw), "W: %lu\n", GetLastError());
        ok(siw->TypeIndex == rec && !wcscmp(siw->Name, L"fixtype_record"), "W: index %lu\n", siw->TypeIndex);
    }

    memset(&ctx, 0, sizeof(ctx));
    ok(pSymEnumTypes(TYPE_HANDLE, base, enum_cb, &ctx), "SymEnumTypes: %lu\n", GetLastError());
    for (i = 0; i < ARRAY_SIZE(named); i++) ok(listed(&ctx, named[i]), "%s not listed\n", named[i]);
    ok(!ctx.bad, "%u types with wrong fields\n", ctx.bad);

    memset(&ctx, 0, sizeof(ctx));
    if (pSymEnumTypesW)
    {
        ok(pSymEnumTypesW(TYPE_HANDLE, base, enum_cbW, &ctx), "SymEnumTypesW: %lu\n", GetLastError());
        for (i = 0; i < ARRAY_SIZE(named); i++) ok(listed(&ctx, named[i]), "W: %s not listed\n", named[i]);
    }

    memset(&ctx, 0, sizeof(ctx));
    ok(pSymEnumTypesByName(TYPE_HANDLE, base, "fixtype_r*", enum_cb, &ctx), "ByName: %lu\n", GetLastError());
    ok(ctx.count == 1 + PDB_NESTED && listed(&ctx, "fixtype_record"), "%u types for fixtype_r*\n", ctx.count);
    memset(&ctx, 0, sizeof(ctx));
    ok(pSymEnumTypesByName(TYPE_HANDLE, base, "FIXTYPE_R*", enum_cb, &ctx) && !ctx.count,
       "%u types for FIXTYPE_R*\n", ctx.count);
    memset(&ctx, 0, sizeof(ctx));
    snprintf(qual, sizeof(qual), "%s!fixtype_?ode", cur->name);
    ok(pSymEnumTypesByName(TYPE_HANDLE, 0, qual, enum_cb, &ctx), "%s: %lu\n", qual, GetLastError());
    ok(ctx.count == 1 && listed(&ctx, "fixtype_node"), "%u types for %s\n", ctx.count, qual);
    memset(&ctx, 0, sizeof(ctx));
    if (!pSymEnumTypesByNameW) return;
    ok(pSymEnumTypesByNameW(TYPE_HANDLE, base, L"fixtype_*", enum_cbW, &ctx), "ByNameW\n");
    for (i = 0; i < ARRAY_SIZE(named); i++) ok(listed(&ctx, named[i]), "ByNameW: %s not listed\n", named[i]);
}

/* ---- typed symbols ----------------------------------------------------------------- */

struct local_ctx
{
    unsigned count, typed;
    BOOL saw_calls, saw_count;
    DWORD count_type;
};

static BOOL CALLBACK local_cb(PSYMBOL_INFO si, ULONG size, PVOID user)
{
    struct local_ctx *ctx = user;

    (void)size;
    ctx->count++;
    if (si->TypeIndex && si->info) ctx->typed++;
    if (!strcmp(si->Name, IS_PDB ? "fixtype_sum::calls" : "calls")) ctx->saw_calls = TRUE;
    if (!strcmp(si->Name, "count"))
    {
        ctx->saw_count = TRUE;
        ctx->count_type = si->TypeIndex;
    }
    return TRUE;
}

static void test_symbols(DWORD rec)
{
    char buf[sizeof(SYMBOL_INFO) + 256], buf2[sizeof(SYMBOL_INFO) + 256], name[256];
    SYMBOL_INFO *si = sym_init(buf), *si2;
    DWORD64 disp = 0, addr;
    DWORD fn, n, i, *kids, comp, v;
    ULONG64 a = 0, len = 0;
    struct local_ctx lctx;

    /* A global: its type, its node, found anywhere inside it. */
    ok(pSymFromName(TYPE_HANDLE, "fixtype_global", si), "fixtype_global: %lu\n", GetLastError());
    ok(si->Tag == T_DATA, "tag %lu\n", si->Tag);
    ok(si->Size == sizeof(struct fixtype_record), "size %lu\n", si->Size);
    ok(si->TypeIndex != 0, "no TypeIndex\n");
    ok(ti_dword(si->TypeIndex, TI_GET_SYMTAG) == T_UDT, "type is not a UDT\n");
    ok(!strcmp(ti_name(si->TypeIndex, name, sizeof(name)), "fixtype_record"), "type %s\n", name);
    v = rec;
    todo_wine ok(ti(si->TypeIndex, TI_IS_EQUIV_TO, &v) && v == S_OK, "not equivalent: %lu\n", v);
    v = rec;
    todo_wine ok(ti(si->TypeIndex, REQ_IS_CLOSE_EQUIV_TO, &v) && v == S_OK, "not close: %lu\n", v);
    ok(si->info != 0, "no Index\n");
    if (si->info)
    {
        ok(ti_dword(si->info, TI_GET_SYMTAG) == T_DATA, "index is not data\n");
        ok(ti_dword(si->info, TI_GET_DATAKIND) == D_GLOBAL, "not a global\n");
        ok(ti(si->info, TI_GET_ADDRESS, &a) && a == si->Address, "address %llx\n", a);
        ok(ti_dword(si->info, TI_GET_TYPE) == si->TypeIndex, "index type\n");
        si2 = sym_init(buf2);
        if (pSymFromIndex) todo_wine ok(pSymFromIndex(TYPE_HANDLE, base, si->info, si2) && si2->Address == si->Address &&
                     si2->TypeIndex == si->TypeIndex && !strcmp(si2->Name, "fixtype_global"),
                     "SymFromIndex: %lu\n", GetLastError());
        {
            char wbuf[sizeof(SYMBOL_INFOW) + 512];
            SYMBOL_INFOW *w = (SYMBOL_INFOW *)wbuf;

            memset(wbuf, 0, sizeof(wbuf));
            w->SizeOfStruct = sizeof(*w);
            w->MaxNameLen = 256;
            if (pSymFromIndexW) todo_wine ok(pSymFromIndexW(TYPE_HANDLE, base, si->info, w) && !wcscmp(w->Name, L"fixtype_global"),
                         "SymFromIndexW: %lu\n", GetLastError());
        }
    }
    addr = si->Address;
    si = sym_init(buf);
    ok(pSymFromAddr(TYPE_HANDLE, addr + 20, &disp, si) && !strcmp(si->Name, "fixtype_global") &&
                 disp == 20, "inside the global: %s+%llu\n", si->Name, disp);

    si = sym_init(buf);
    ok(pSymFromName(TYPE_HANDLE, "fixtype_counter", si), "fixtype_counter: %lu\n", GetLastError());
    ok(ti_dword(si->TypeIndex, TI_GET_SYMTAG) == (IS_PDB ? T_BASE : T_TYPEDEF), "counter type\n");
    ok(si->Size == sizeof(fixtype_uint), "counter size %lu\n", si->Size);
    si = sym_init(buf);
    ok(pSymFromName(TYPE_HANDLE, "fixtype_static_node", si), "fixtype_static_node: %lu\n", GetLastError());
    if (si->info) ok(ti_dword(si->info, TI_GET_DATAKIND) == D_FILE_STATIC, "not file-static\n");

    /* A function: its type and its node's children. */
    si = sym_init(buf);
    ok(pSymFromName(TYPE_HANDLE, "fixtype_sum", si), "fixtype_sum: %lu\n", GetLastError());
    ok(si->Tag == T_FUNCTION, "tag %lu\n", si->Tag);
    fn = si->TypeIndex;
    ok(ti_dword(fn, TI_GET_SYMTAG) == T_FUNCTION_TYPE, "not a function type\n");
    check_base(__LINE__, type_of(fn), B_INT, sizeof(int));
    ok(ti_dword(fn, TI_GET_COUNT) == 3, "argument count\n");
    kids = children(fn, &n);
    ok(n == 3, "%lu arguments\n", n);
    if (n == 3)
    {
        DWORD p = type_of(kids[0]);

        ok(ti_dword(p, TI_GET_SYMTAG) == T_POINTER && type_of(p) != 0xdeadbeef &&
           !strcmp(ti_name(type_of(p), name, sizeof(name)), "fixtype_record"), "argument 0\n");
        check_base(__LINE__, type_of(kids[1]), B_INT, sizeof(int));
        ok(ti_dword(type_of(kids[2]), TI_GET_SYMTAG) == T_ENUM, "argument 2\n");
    }
    free(kids);
    ok(si->info != 0, "no Index\n");
    if (!si->info) return;
    ok(ti_dword(si->info, TI_GET_SYMTAG) == T_FUNCTION, "index is not a function\n");
    ok(ti(si->info, TI_GET_ADDRESS, &a) && a == si->Address, "address\n");
    ok(ti(si->info, TI_GET_LENGTH, &len) && len == si->Size, "length %llu, size %lu\n", len, si->Size);
    comp = ti_dword(si->info, TI_GET_LEXICALPARENT);
    ok(ti_dword(comp, TI_GET_SYMTAG) == T_COMPILAND, "function's parent is not a compiland\n");
    ti_name(comp, name, sizeof(name));
    ok(strstr(name, IS_PDB ? "fixtype" : "fixtype.c") != NULL, "compiland %s\n", name);
    ok(ti_dword(ti_dword(comp, TI_GET_LEXICALPARENT), TI_GET_SYMTAG) == T_EXE, "compiland's parent\n");
    si2 = sym_init(buf2);
    if (pSymGetScope)
        ok(pSymGetScope(TYPE_HANDLE, base, si->info, si2) && si2->Tag == T_COMPILAND, "SymGetScope: %lu\n",
           GetLastError());

    if (!cur->optimised)
    {
        static const struct { const char *name; DWORD kind; } locals[] =
        {
            { "rec", D_PARAM }, { "count", D_PARAM }, { "color", D_PARAM },
            { NULL, D_STATIC_LOCAL }, { "total", D_LOCAL }, { "i", D_LOCAL },
        };
        DWORD block = 0, id;

        for (i = 0; i < ARRAY_SIZE(locals); i++)
        {
            const char *lname = locals[i].name ? locals[i].name : IS_PDB ? "fixtype_sum::calls" : "calls";

            winetest_push_context("local %s", lname);
            id = child_named(si->info, lname);
            ok(id != 0, "not a child of the function\n");
            if (id) ok(ti_dword(id, TI_GET_DATAKIND) == locals[i].kind, "data kind\n");
            if (id) ok(ti_dword(id, TI_GET_LEXICALPARENT) == si->info, "lexical parent\n");
            winetest_pop_context();
        }
        id = child_named(si->info, IS_PDB ? "fixtype_sum::calls" : "calls");
        if (id) ok(ti(id, TI_GET_ADDRESS, &a) && a > base, "static local address\n");
        kids = children(si->info, &n);
        for (i = 0; i < n; i++)
            if (ti_dword(kids[i], TI_GET_SYMTAG) == T_BLOCK) block = kids[i];
        free(kids);
        ok(block != 0, "no block\n");
        if (block)
        {
            ok(child_named(block, "row") != 0, "row is not in the block\n");
            ok(ti(block, TI_GET_ADDRESS, &a) && a >= si->Address && a < si->Address + si->Size,
               "block address\n");
            ok(ti_dword(block, TI_GET_LEXICALPARENT) == si->info, "block parent\n");
        }

        /* The scope's locals carry their types; the function-local static
         * is one of them, not a global. */
        ok(pSymSetScopeFromAddr(TYPE_HANDLE, si->Address), "scope: %lu\n", GetLastError());
        memset(&lctx, 0, sizeof(lctx));
        ok(pSymEnumSymbols(TYPE_HANDLE, 0, "*", local_cb, &lctx), "locals: %lu\n", GetLastError());
        ok(lctx.count >= 5, "%u locals\n", lctx.count);
        ok(lctx.typed == lctx.count, "%u of %u locals typed\n", lctx.typed, lctx.count);
        ok(lctx.saw_count, "no count\n");
        if (lctx.saw_count && lctx.count_type) check_base(__LINE__, lctx.count_type, B_INT, sizeof(int));
        ok(lctx.saw_calls, "the static local is not listed\n");
        /* A function-local static is in its function's scope only, as a
         * PDB keeps it (S_LDATA32 inside the S_GPROC32); Wine's builtin
         * also lists it as a global, so that a debugger finds one `p` in
         * every function that has one. */
        si2 = sym_init(buf2);
        todo_wine ok(!pSymFromName(TYPE_HANDLE, IS_PDB ? "fixtype_sum::calls" : "calls", si2),
                     "the static local is a global\n");
        if (pSymSetScopeFromIndex) ok(pSymSetScopeFromIndex(TYPE_HANDLE, base, si->info), "SymSetScopeFromIndex: %lu\n",
           GetLastError());
    }
}

/* ---- locals in a live frame ----------------------------------------------------- */

/* A register of a captured context by its CodeView number. */
static BOOL context_register(const CONTEXT *ctx, DWORD cv, DWORD64 *value)
{
#ifdef _WIN64
    static const size_t offs[16] =
    {
        offsetof(CONTEXT, Rax), offsetof(CONTEXT, Rbx), offsetof(CONTEXT, Rcx), offsetof(CONTEXT, Rdx),
        offsetof(CONTEXT, Rsi), offsetof(CONTEXT, Rdi), offsetof(CONTEXT, Rbp), offsetof(CONTEXT, Rsp),
        offsetof(CONTEXT, R8), offsetof(CONTEXT, R9), offsetof(CONTEXT, R10), offsetof(CONTEXT, R11),
        offsetof(CONTEXT, R12), offsetof(CONTEXT, R13), offsetof(CONTEXT, R14), offsetof(CONTEXT, R15),
    };

    if (cv < 328 || cv > 343) return FALSE;
    *value = *(const DWORD64 *)((const BYTE *)ctx + offs[cv - 328]);
#else
    static const size_t offs[8] =
    {
        offsetof(CONTEXT, Eax), offsetof(CONTEXT, Ecx), offsetof(CONTEXT, Edx), offsetof(CONTEXT, Ebx),
        offsetof(CONTEXT, Esp), offsetof(CONTEXT, Ebp), offsetof(CONTEXT, Esi), offsetof(CONTEXT, Edi),
    };

    if (cv < 17 || cv > 24) return FALSE;
    *value = *(const DWORD *)((const BYTE *)ctx + offs[cv - 17]);
#endif
    return TRUE;
}

struct frame_ctx
{
    const struct fixtype_probe_out *out;
    unsigned found, right;
};

static BOOL CALLBACK frame_cb(PSYMBOL_INFO si, ULONG size, PVOID user)
{
    struct frame_ctx *ctx = user;
    void *expect = !strcmp(si->Name, "count") ? ctx->out->addr_count :
                   !strcmp(si->Name, "total") ? ctx->out->addr_total : NULL;
    DWORD64 reg = 0;

    (void)size;
    if (!expect) return TRUE;
    ctx->found++;
    winetest_push_context("%s", si->Name);
    ok(si->Flags & (strcmp(si->Name, "count") ? SYMFLAG_LOCAL : SYMFLAG_PARAMETER), "flags %#lx\n", si->Flags);
    /* Offsets from a register the debugger can read: what winedbg needs. */
    ok(si->Flags & SYMFLAG_REGREL, "not register-relative: flags %#lx\n", si->Flags);
    if ((si->Flags & SYMFLAG_REGREL) && context_register(&ctx->out->ctx, si->Register, &reg))
    {
        /* Address is a signed offset (winedbg reads it as a LONG64);
         * Wine's 32-bit builtin does not extend a negative one. */
        todo_wine_if(WTEST_32BIT && (LONG)(DWORD)si->Address < 0)
        ok(reg + (LONG64)si->Address == (DWORD64)(ULONG_PTR)expect, "register %lu + %lld is %#llx, not %p\n",
           si->Register, (LONG64)si->Address, reg + (LONG64)si->Address, expect);
        if (reg + (LONG64)si->Address == (DWORD64)(ULONG_PTR)expect) ctx->right++;
    }
    else ok(0, "register %lu unknown\n", si->Register);
    ok(si->Size == sizeof(int), "size %lu\n", si->Size);
    check_base(__LINE__, si->TypeIndex, B_INT, sizeof(int));
    winetest_pop_context();
    return TRUE;
}

/* Run the fixture's probe: its locals, found at the scope of the pc it
 * captured, are where the program put them. */
static void test_frame_locals(const char *path)
{
    int (*probe)(int, struct fixtype_probe_out *);
    static struct fixtype_probe_out out;
    struct frame_ctx ctx;
    HMODULE lib;
    DWORD64 pc;

    if (!(lib = LoadLibraryA(path)))
    {
        ok(0, "LoadLibrary: %lu\n", GetLastError());
        return;
    }
    if (!(probe = (void *)GetProcAddress(lib, "fixtype_probe")))
    {
        ok(0, "no fixtype_probe\n");
        FreeLibrary(lib);
        return;
    }
    memset(&out, 0, sizeof(out));
    ok(probe(5, &out) == 15, "probe\n");
#ifdef _WIN64
    pc = out.ctx.Rip;
#else
    pc = out.ctx.Eip;
#endif
    pc = pc - (DWORD64)(ULONG_PTR)lib + base;
    ok(pSymSetScopeFromAddr(TYPE_HANDLE, pc), "scope at %I64x (lib %p, base %I64x): %lu\n", pc, lib, base,
       GetLastError());
    memset(&ctx, 0, sizeof(ctx));
    ctx.out = &out;
    ok(pSymEnumSymbols(TYPE_HANDLE, 0, "*", frame_cb, &ctx), "locals: %lu\n", GetLastError());
    ok(ctx.found == 2, "%u of 2 locals found\n", ctx.found);
    FreeLibrary(lib);
}

/* ---- SymGetTypeInfoEx --------------------------------------------------------------- */

static void test_type_info_ex(DWORD rec)
{
    struct record { DWORD tag; DWORD offset; ULONG64 valid; } records[32];
    IMAGEHLP_SYMBOL_TYPE_INFO kinds[3] = { TI_GET_SYMTAG, TI_GET_OFFSET, REQ_GTIEX_REQS_VALID };
    ULONG_PTR offsets[3] = { offsetof(struct record, tag), offsetof(struct record, offset),
                             offsetof(struct record, valid) };
    ULONG sizes[3] = { sizeof(DWORD), sizeof(DWORD), sizeof(ULONG64) };
    struct get_type_info_params p;
    ULONG ids[1] = { rec };
    ULONG64 valid[32];
    DWORD n, i, *kids;

    if (!pSymGetTypeInfoEx) return; /* a stub that aborts in Wine's builtin */
    memset(&p, 0, sizeof(p));
    memset(records, 0xcc, sizeof(records));
    p.SizeOfStruct = sizeof(p);
    p.Flags = GET_TYPE_INFO_CHILDREN;
    p.NumIds = 1;
    p.TypeIds = ids;
    p.TagFilter = ~(ULONG64)0;
    p.NumReqs = 3;
    p.ReqKinds = kinds;
    p.ReqOffsets = offsets;
    p.ReqSizes = sizes;
    p.ReqStride = sizeof(struct record);
    p.BufferSize = sizeof(records);
    p.Buffer = records;
    p.NumReqsValid = ARRAY_SIZE(valid);
    p.ReqsValid = valid;
    ok(pSymGetTypeInfoEx(TYPE_HANDLE, base, &p), "SymGetTypeInfoEx: %lu\n", GetLastError());
    kids = children(rec, &n);
    ok(p.EntriesMatched == n && p.EntriesFilled == n, "matched %lu, filled %lu, %lu members\n",
       p.EntriesMatched, p.EntriesFilled, n);
    ok(p.TagsFound == ((ULONG64)1 << T_DATA | (IS_PDB ? (ULONG64)1 << T_UDT : 0)), "tags %llx\n", p.TagsFound);
    /* (A nested type has no offset.) */
    ok(p.AllReqsValid == (IS_PDB ? 1 : 3), "all valid %llx\n", p.AllReqsValid);
    for (i = 0; i < p.EntriesFilled && i < n; i++)
    {
        if (i >= FIXTYPE_RECORD_MEMBERS) break; /* the nested type of a PDB */
        ok(records[i].tag == T_DATA, "record %lu tag %lu\n", i, records[i].tag);
        ok(records[i].offset == ti_dword(kids[i], TI_GET_OFFSET), "record %lu offset\n", i);
        ok(records[i].valid == 3 && valid[i] == 3, "record %lu valid %llx\n", i, records[i].valid);
    }
    free(kids);

    /* Only UDTs: the members are filtered out; a short buffer stops. */
    p.TagFilter = (ULONG64)1 << T_UDT;
    ok(pSymGetTypeInfoEx(TYPE_HANDLE, base, &p) && p.EntriesMatched == (DWORD)PDB_NESTED, "filtered: %lu\n",
       p.EntriesMatched);
    p.TagFilter = ~(ULONG64)0;
    p.BufferSize = 2 * sizeof(struct record);
    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeInfoEx(TYPE_HANDLE, base, &p), "short buffer succeeded\n");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
    ok(p.EntriesFilled == 2 && p.EntriesMatched == n, "filled %lu of %lu\n", p.EntriesFilled, p.EntriesMatched);
    p.SizeOfStruct = 8;
    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeInfoEx(TYPE_HANDLE, base, &p) && GetLastError() == ERROR_INVALID_PARAMETER,
       "wrong SizeOfStruct: %lu\n", GetLastError());
}

/* ---- errors -------------------------------------------------------------------------- */

static void test_errors(DWORD rec)
{
    char buf[sizeof(SYMBOL_INFO) + 256];
    DWORD v;

    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeInfo(UNKNOWN_HANDLE, base, rec, TI_GET_SYMTAG, &v), "unknown handle\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    ok(!ti(0, TI_GET_SYMTAG, &v), "id 0\n");
    /* Wine's 32-bit builtin takes an id for a pointer and faults on it. */
    if (wtest_platform != WTEST_WINE || !WTEST_32BIT)
        ok(!ti(0x7ffffff0, TI_GET_SYMTAG, &v), "id past the store\n");
    ok(!ti(rec, (IMAGEHLP_SYMBOL_TYPE_INFO)200, &v), "unknown request\n");
    SetLastError(0xdeadbeef);
    ok(!pSymGetTypeFromName(UNKNOWN_HANDLE, base, "fixtype_record", sym_init(buf)), "unknown handle\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    if (wtest_platform == WTEST_OURS)
    {
        /* NULL arguments fail (Wine's builtin dereferences them). */
        ok(!ti(rec, TI_GET_SYMTAG, NULL), "NULL info\n");
        ok(!pSymGetTypeFromName(TYPE_HANDLE, base, NULL, sym_init(buf)), "NULL name\n");
        ok(!pSymEnumTypes(TYPE_HANDLE, base, NULL, NULL), "NULL callback\n");
    }
}

static void test_variant(const struct variant *v)
{
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si;

    snprintf(path, sizeof(path), "%s%s.dll", wtest_fixtures, v->name);
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES)
    {
        skip("fixture %s not found\n", path);
        return;
    }
    if (wtest_platform == WTEST_WINE && v->dwarf >= 5)
    {
        skip("%s: Wine 8.0's builtin reads no DWARF 5\n", v->name);
        return;
    }
    if (wtest_platform == WTEST_WINE && v->dwarf == 0)
    {
        /* (The symbol area records that it reads nothing of these PDBs.) */
        skip("%s: Wine 8.0's builtin reads nothing of lld's PDBs\n", v->name);
        return;
    }
    winetest_push_context("%s", v->name);
    cur = v;
    ok(SymInitialize(TYPE_HANDLE, wtest_fixtures, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(TYPE_HANDLE, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base != 0, "load: %lu\n", GetLastError());
    si = sym_init(buf);
    if (base && pSymGetTypeFromName(TYPE_HANDLE, base, "fixtype_record", si))
    {
        DWORD rec = si->TypeIndex;

        test_record(rec);
        test_names(rec);
        test_symbols(rec);
        test_type_info_ex(rec);
        test_errors(rec);
        if (!v->optimised) test_frame_locals(path);
    }
    else ok(0, "fixtype_record not found: %lu\n", GetLastError());
    SymCleanup(TYPE_HANDLE);
    winetest_pop_context();
}

/* ---- C++ ------------------------------------------------------------------------------ */

static BOOL cur_cpp_pdb; /* the C++ fixture under test is the PDB one */

/* The first child of id with this tag (and name, when given), or 0. */
static DWORD child_tagged(DWORD id, DWORD tag, const char *name)
{
    DWORD n, i, t, found = 0, *kids = children(id, &n);
    char buf[256];

    for (i = 0; i < n && !found; i++)
        if (ti(kids[i], TI_GET_SYMTAG, &t) && t == tag &&
            (!name || !strcmp(ti_name(kids[i], buf, sizeof(buf)), name)))
            found = kids[i];
    free(kids);
    return found;
}

static DWORD count_tagged(DWORD id, DWORD tag)
{
    DWORD n, i, t, count = 0, *kids = children(id, &n);

    for (i = 0; i < n; i++)
        if (ti(kids[i], TI_GET_SYMTAG, &t) && t == tag) count++;
    free(kids);
    return count;
}

static void test_cpp_class(DWORD derived, const struct fixpp_layout *lay)
{
    DWORD m, t, v, fn, base, shape;
    ULONG64 len;
    char buf[256];

    ok(ti_dword(derived, TI_GET_UDTKIND) == U_CLASS, "not a class\n");
    ok(ti_length(derived) == lay->derived_size, "class length\n");
    /* Bases, then members, methods and nested types: Microsoft's UDT
     * children (DIA's); Wine 8.0's builtin has the data members only. */
    todo_wine ok(count_tagged(derived, T_BASE_CLASS) == 3, "%lu base classes\n", count_tagged(derived, T_BASE_CLASS));
    m = child_tagged(derived, T_BASE_CLASS, "fixns::Base");
    todo_wine ok(m != 0, "no base class fixns::Base\n");
    if (m)
    {
        ok(ti_dword(m, TI_GET_VIRTUALBASECLASS) == 0, "Base is virtual\n");
        ok(ti_dword(m, TI_GET_OFFSET) == 0, "Base offset\n");
        ok(ti_dword(m, TI_GET_CLASSPARENTID) == derived, "Base's class parent\n");
        ok(!strcmp(ti_name(type_of(m), buf, sizeof(buf)), "fixns::Base"), "Base's type %s\n", buf);
    }
    m = child_tagged(derived, T_BASE_CLASS, "fixns::Other");
    if (m) ok(ti_dword(m, TI_GET_OFFSET) == lay->other_offset, "Other offset\n");
    m = child_tagged(derived, T_BASE_CLASS, "fixns::VBase");
    if (m)
    {
        ok(ti_dword(m, TI_GET_VIRTUALBASECLASS) == 1, "VBase is not virtual\n");
        v = 0;
        ok(ti(m, REQ_VIRTUALBASEDISPINDEX, &v) && v > 0, "VBase displacement index %lu\n", v);
    }
    ok(ti_dword(child_named(derived, "d"), TI_GET_OFFSET) == lay->d_offset, "d offset\n");
    m = child_named(derived, "counter");
    v = 0;
    todo_wine ok(m && ti(m, TI_GET_DATAKIND, &v) && v == D_STATIC_MEMBER, "counter is not a static member\n");
    /* The nested struct and enum class, named in their class. */
    m = child_named(derived, "inner");
    ok(ti_dword(m, TI_GET_OFFSET) == lay->inner_offset, "inner offset\n");
    t = type_of(m);
    ok(!strcmp(ti_name(t, buf, sizeof(buf)), "fixns::Derived::Inner"), "inner's type %s\n", buf);
    ok(ti_length(t) == lay->inner_size, "Inner length\n");
    v = 0xdeadbeef;
    todo_wine ok(ti(t, TI_GET_NESTED, &v) && v == 1, "Inner is not nested: %lu\n", v);
    todo_wine ok(child_tagged(derived, T_UDT, "fixns::Derived::Inner") == t, "Inner is not a child\n");
    m = child_named(derived, "mode");
    ok(ti_dword(m, TI_GET_OFFSET) == lay->mode_offset, "mode offset\n");
    t = type_of(m);
    /* Named in its class, as a PDB names it (Wine's builtin: "Mode"). */
    ok(ti_dword(t, TI_GET_SYMTAG) == T_ENUM, "mode's type is not an enum\n");
    todo_wine ok(!strcmp(ti_name(t, buf, sizeof(buf)), "fixns::Derived::Mode"), "mode's type %s\n", buf);
    len = 0;
    ok(ti(t, TI_GET_LENGTH, &len) && len == lay->mode_size, "Mode length %llu\n", len);
    v = 0;
    ok(ti(t, TI_GET_BASETYPE, &v) && v == B_UINT, "Mode basic type %lu\n", v);
    /* int &ref: a reference is a pointer marked as one. */
    t = type_of(child_named(derived, "ref"));
    ok(ti_dword(t, TI_GET_SYMTAG) == T_POINTER, "ref is not a pointer\n");
    v = 0;
    todo_wine ok(ti(t, REQ_IS_REFERENCE, &v) && v == 1, "ref is not a reference\n");
    check_base(__LINE__, type_of(t), B_INT, sizeof(int));

    /* Methods: a virtual one (with `this`), a static one, one taking an
     * rvalue reference. */
    m = child_tagged(derived, T_FUNCTION, "get");
    todo_wine ok(m != 0, "no method get\n");
    if (m)
    {
        ok(ti_dword(m, TI_GET_CLASSPARENTID) == derived, "get's class parent\n");
        fn = type_of(m);
        ok(ti_dword(fn, TI_GET_SYMTAG) == T_FUNCTION_TYPE, "get's type\n");
        /* Microsoft's count has the object pointer, its children not. */
        ok(ti_dword(fn, TI_GET_COUNT) == 1, "get's count\n");
        ok(ti_dword(fn, TI_GET_CHILDRENCOUNT) == 0, "get's arguments\n");
        ok(ti_dword(fn, TI_GET_CLASSPARENTID) == derived, "get's type's class\n");
        t = ti_dword(fn, REQ_OBJECTPOINTERTYPE);
        ok(ti_dword(t, TI_GET_SYMTAG) == T_POINTER && type_of(t) == derived, "get's object pointer\n");
        ok(ti_dword(fn, TI_GET_THISADJUST) == 0, "get's this adjustment\n");
    }
    m = child_tagged(derived, T_FUNCTION, "make");
    if (m)
    {
        fn = type_of(m);
        ok(ti_dword(fn, TI_GET_COUNT) == 1 && ti_dword(fn, TI_GET_CHILDRENCOUNT) == 1, "make's count\n");
        ok(!ti(fn, REQ_OBJECTPOINTERTYPE, &t), "a static method has an object pointer\n");
    }
    m = child_tagged(derived, T_FUNCTION, "set");
    if (m)
    {
        DWORD n, *kids = children(type_of(m), &n);

        ok(n == 1, "set's arguments %lu\n", n);
        if (n == 1)
        {
            t = type_of(kids[0]);
            ok(ti_dword(t, TI_GET_SYMTAG) == T_POINTER && ti_dword(t, REQ_IS_REFERENCE) == 1,
               "set's argument is not a reference\n");
        }
        free(kids);
    }

    /* The class with the vtable pointer: its VTABLE child and shape. */
    base = 0;
    m = child_tagged(derived, T_BASE_CLASS, "fixns::Base");
    if (m) base = type_of(m);
    if (base)
    {
        ok(ti_length(base) == lay->base_size, "Base length\n");
        ok(child_tagged(base, T_VTABLE, NULL) != 0, "Base has no VTABLE\n");
        shape = ti_dword(base, TI_GET_VIRTUALTABLESHAPEID);
        ok(ti_dword(shape, TI_GET_SYMTAG) == T_VTABLE_SHAPE, "not a vtable shape\n");
        /* clang's LF_VTSHAPE for the Itanium ABI holds one entry whatever
         * the class has (llvm-pdbutil shows the same): the PDB's count. */
        m = ti_dword(shape, TI_GET_COUNT);
        ok(cur_cpp_pdb ? m >= 1 && m != 0xdeadbeef : m == 2, "Base's virtual functions %lu\n", m);
    }
}

static void test_cpp_variant(const char *name, int dwarf)
{
    cur_cpp_pdb = !dwarf;
    char path[MAX_PATH], buf[sizeof(SYMBOL_INFO) + 256], qual[64];
    void (*layout)(struct fixpp_layout *);
    struct fixpp_layout lay;
    SYMBOL_INFO *si;
    struct enum_ctx ctx;
    HMODULE lib;
    DWORD derived, box;

    snprintf(path, sizeof(path), "%s%s.dll", wtest_fixtures, name);
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES)
    {
        skip("fixture %s not found\n", path);
        return;
    }
    if (wtest_platform == WTEST_WINE && (dwarf >= 5 || !dwarf))
    {
        skip("%s: Wine 8.0's builtin reads no DWARF 5 and nothing of lld's PDBs\n", name);
        return;
    }
    winetest_push_context("%s", name);
    memset(&lay, 0, sizeof(lay));
    lib = LoadLibraryA(path);
    ok(lib != NULL, "LoadLibrary: %lu\n", GetLastError());
    if (lib && (layout = (void *)GetProcAddress(lib, "fixpp_layout"))) layout(&lay);
    if (lib) FreeLibrary(lib);
    ok(lay.derived_size != 0, "no layout\n");
    ok(SymInitialize(TYPE_HANDLE, wtest_fixtures, FALSE), "SymInitialize: %lu\n", GetLastError());
    base = SymLoadModuleEx(TYPE_HANDLE, NULL, path, NULL, 0, 0, NULL, 0);
    ok(base != 0, "load: %lu\n", GetLastError());

    si = sym_init(buf);
    ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixns::Derived", si), "fixns::Derived: %lu\n", GetLastError());
    derived = si->TypeIndex;
    ok(si->Tag == T_UDT && si->Size == lay.derived_size, "tag %lu size %lu\n", si->Tag, si->Size);
    if (derived) test_cpp_class(derived, &lay);

    /* A template instance is a UDT named with its arguments. */
    si = sym_init(buf);
    ok(pSymGetTypeFromName(TYPE_HANDLE, base, "fixns::Box<int>", si), "fixns::Box<int>: %lu\n", GetLastError());
    box = si->TypeIndex;
    ok(si->Size == lay.box_size, "Box size %lu\n", si->Size);
    if (box) ok(ti_dword(child_named(box, "ptr"), TI_GET_OFFSET) == lay.box_ptr_offset, "Box::ptr offset\n");
    si = sym_init(buf);
    ok(pSymFromName(TYPE_HANDLE, "fixpp_box", si) && si->TypeIndex == box, "fixpp_box's type %lu\n",
       si->TypeIndex);

    /* Methods are named in their class, and know it. */
    si = sym_init(buf);
    ok(pSymFromName(TYPE_HANDLE, "fixns::Derived::get", si) && si->Tag == T_FUNCTION,
       "fixns::Derived::get: %lu\n", GetLastError());
    if (si->info)
        todo_wine ok(ti(si->info, TI_GET_CLASSPARENTID, &box) && box == derived, "get's class %lu\n", box);
    memset(&ctx, 0, sizeof(ctx));
    ok(pSymEnumTypesByName(TYPE_HANDLE, base, "fixns::Derive?", enum_cb, &ctx), "ByName: %lu\n", GetLastError());
    ok(ctx.count == 1 && listed(&ctx, "fixns::Derived"), "%u types for fixns::Derive?\n", ctx.count);
    memset(&ctx, 0, sizeof(ctx));
    ok(pSymEnumTypesByName(TYPE_HANDLE, base, "fixns::Derived::*", enum_cb, &ctx), "ByName: %lu\n", GetLastError());
    todo_wine ok(ctx.count == 2 && listed(&ctx, "fixns::Derived::Inner") && listed(&ctx, "fixns::Derived::Mode"),
                 "%u types for fixns::Derived::*\n", ctx.count);
    snprintf(qual, sizeof(qual), "fixns::Derived::Mode");
    si = sym_init(buf);
    todo_wine ok(pSymGetTypeFromName(TYPE_HANDLE, base, qual, si) && si->Tag == T_ENUM, "%s\n", qual);
    SymCleanup(TYPE_HANDLE);
    winetest_pop_context();
}

START_TEST(types)
{
    unsigned i;

    if (wtest_platform == WTEST_WINDOWS)
    {
        skip("Microsoft's dbghelp reads no DWARF type information\n");
        return;
    }
    pSymGetTypeInfo = (SymGetTypeInfo_fn)fixsym_proc("SymGetTypeInfo");
    pSymGetTypeInfoEx = (SymGetTypeInfoEx_fn)fixsym_proc("SymGetTypeInfoEx");
    pSymGetTypeFromName = (SymGetTypeFromName_fn)fixsym_proc("SymGetTypeFromName");
    pSymGetTypeFromNameW = (SymGetTypeFromNameW_fn)fixsym_proc("SymGetTypeFromNameW");
    pSymEnumTypes = (SymEnumTypes_fn)fixsym_proc("SymEnumTypes");
    pSymEnumTypesW = (SymEnumTypesW_fn)fixsym_proc("SymEnumTypesW");
    pSymEnumTypesByName = (SymEnumTypesByName_fn)fixsym_proc("SymEnumTypesByName");
    pSymEnumTypesByNameW = (SymEnumTypesByNameW_fn)fixsym_proc("SymEnumTypesByNameW");
    pSymFromIndex = (SymFromIndex_fn)fixsym_proc("SymFromIndex");
    pSymFromIndexW = (SymFromIndexW_fn)fixsym_proc("SymFromIndexW");
    pSymGetScope = (SymFromIndex_fn)fixsym_proc("SymGetScope");
    pSymSetScopeFromIndex = (SymSetScopeFromIndex_fn)fixsym_proc("SymSetScopeFromIndex");
    pSymFromName = (void *)fixsym_proc("SymFromName");
    pSymFromAddr = (void *)fixsym_proc("SymFromAddr");
    pSymEnumSymbols = (void *)fixsym_proc("SymEnumSymbols");
    pSymSetScopeFromAddr = (void *)fixsym_proc("SymSetScopeFromAddr");
    if (!pSymGetTypeInfo || !pSymGetTypeFromName || !pSymEnumTypes || !pSymFromName)
    {
        skip("the type functions are missing\n");
        return;
    }
    for (i = 0; i < ARRAY_SIZE(variants); i++) test_variant(&variants[i]);
    test_cpp_variant("fixtypepp_d4o0", 4);
    test_cpp_variant("fixtypepp_d5o0", 5);
    test_cpp_variant("fixtypepp_pdb", 0);
}
