/*
 * undname.c: UnDecorateSymbolName and UnDecorateSymbolNameW.
 *
 * Expected texts are those of Wine 8.0's builtin (which undecorates with
 * msvcrt's __unDName, a reimplementation of Microsoft's undecorator) for the
 * same names and flags.  Where Wine 8.0 gives up (__vectorcall, anonymous
 * namespaces, std::nullptr_t) the rows carry Microsoft's text and are
 * todo_wine.  Microsoft documents the return value as the number of
 * characters written, without the NUL, and 0 on failure.
 *
 * Itanium names ("_Z...", "__Z..." from mingw and g++): Microsoft's dbghelp
 * and Wine's leave them alone; ours demangles them as c++filt does, so those
 * rows expect the name unchanged on Windows and Wine and the demangled text
 * from ours (a deliberate extension, not a deviation).
 */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>

typedef DWORD (WINAPI *undecorate_fn)(PCSTR, PSTR, DWORD, DWORD);
typedef DWORD (WINAPI *undecoratew_fn)(PCWSTR, PWSTR, DWORD, DWORD);

static undecorate_fn pUnDecorateSymbolName;
static undecoratew_fn pUnDecorateSymbolNameW;

#ifndef UNDNAME_NO_ECSU
#define UNDNAME_NO_ECSU 0x8000 /* Microsoft's undecorator; not in dbghelp.h */
#endif

enum row_kind
{
    ROW_ALL,        /* the same text everywhere */
    ROW_WINE_FAILS, /* Wine 8.0 returns the name unchanged: todo_wine */
    ROW_OURS_ONLY,  /* an Itanium name: only ours undecorates it */
};

struct row
{
    DWORD flags;
    const char *name;
    const char *expected;
    int kind;
};

static const struct row rows[] =
{
    /* data, functions, calling conventions */
    { 0, "?x@@3HA", "int x", ROW_ALL },
    { 0, "?x@@3PEBHEB", "int const * __ptr64 const __ptr64 x", ROW_ALL },
    { 0, "?x@Foo@@2HA", "public: static int Foo::x", ROW_ALL },
    { 0, "?f@@YAXXZ", "void __cdecl f(void)", ROW_ALL },
    { 0, "?f@@YGHH@Z", "int __stdcall f(int)", ROW_ALL },
    /* A function template's own name is no back reference (node.exe's
     * exports; llvm-undname agrees), and function types as template
     * arguments. */
    { 0, "??$SignedDivisionByConstant@I$00@base@v8@@YA?AU?$MagicNumbersForDivision@I@01@I@Z",
      "struct v8::base::MagicNumbersForDivision<unsigned int> __cdecl v8::base::SignedDivisionByConstant<unsigned int,1>(unsigned int)",
      ROW_ALL },
    { 0, "?set_on_merge_callback@RegionAllocator@base@v8@@QEAAXV?$function@$$A6AX_K0@Z@std@@@Z",
      "public: void __cdecl v8::base::RegionAllocator::set_on_merge_callback(class std::function<void __cdecl(unsigned __int64,unsigned __int64)>) __ptr64",
      ROW_ALL },
    { 0, "?f@@YIXXZ", "void __fastcall f(void)", ROW_ALL },
    { 0, "?f@@YAXDEFGHIJKMNO@Z", "void __cdecl f(char,unsigned char,short,unsigned short,int,"
      "unsigned int,long,unsigned long,float,double,long double)", ROW_ALL },
    { 0, "?f@@YAXC_J_K_N_W@Z", "void __cdecl f(signed char,__int64,unsigned __int64,bool,wchar_t)", ROW_ALL },
    { 0, "?f@@YAXHZZ", "void __cdecl f(int,...)", ROW_ALL },
    { 0, "?f@@YAXPAUS@@0@Z", "void __cdecl f(struct S *,struct S *)", ROW_ALL },
    { 0, "?f@@YAX$$QEAH@Z", "void __cdecl f(int && __ptr64)", ROW_ALL },
    { 0, "?f@@YAXP6AXH@Z@Z", "void __cdecl f(void (__cdecl*)(int))", ROW_ALL },
    { 0, "?f@@YAXP8Foo@@AEXXZ@Z", "void __cdecl f(void (__thiscall Foo::*)(void))", ROW_ALL },
    { 0, "?a@@3PAY09HA", "int (* a)[10]", ROW_ALL },
    { 0, "?f@@YA?AUS@@XZ", "struct S __cdecl f(void)", ROW_ALL },
    /* members, special functions, operators */
    { 0, "?get@Foo@@QEBAHXZ", "public: int __cdecl Foo::get(void)const __ptr64", ROW_ALL },
    { 0, "?v@Foo@@UAEXXZ", "public: virtual void __thiscall Foo::v(void)", ROW_ALL },
    { 0, "?p@Foo@@KAXXZ", "protected: static void __cdecl Foo::p(void)", ROW_ALL },
    { 0, "??0Foo@@QEAA@AEBV0@@Z", "public: __cdecl Foo::Foo(class Foo const & __ptr64) __ptr64", ROW_ALL },
    { 0, "??1Foo@@UAE@XZ", "public: virtual __thiscall Foo::~Foo(void)", ROW_ALL },
    { 0, "??4Foo@@QAEAAV0@ABV0@@Z", "public: class Foo & __thiscall Foo::operator=(class Foo const &)", ROW_ALL },
    { 0, "??BFoo@@QBEHXZ", "public: __thiscall Foo::operator int(void)const ", ROW_ALL },
    { 0, "??2@YAPEAX_K@Z", "void * __ptr64 __cdecl operator new(unsigned __int64)", ROW_ALL },
    { 0, "??_V@YAXPAX@Z", "void __cdecl operator delete[](void *)", ROW_ALL },
    { 0, "??_GFoo@@UAEPAXI@Z", "public: virtual void * __thiscall Foo::`scalar deleting destructor'(unsigned int)", ROW_ALL },
    { 0, "??_7Foo@@6B@", "const Foo::`vftable'", ROW_ALL },
    { 0, "??_7Foo@@6BBar@@@", "const Foo::`vftable'{for `Bar'}", ROW_ALL },
    { 0, "??_R0?AVFoo@@@8", "class Foo `RTTI Type Descriptor'", ROW_ALL },
    { 0, "??_C@_03KEJMNEGG@abc?$AA@", "`string'", ROW_ALL },
    { 0, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void __cdecl Foo::f`adjustor{8}' (void) __ptr64", ROW_ALL },
    { 0, "?x@?1??f@@YAXXZ@4HA", "int `void __cdecl f(void)'::`2'::x", ROW_ALL },
    /* templates */
    { 0, "??$max@N@std@@YANNN@Z", "double __cdecl std::max<double>(double,double)", ROW_ALL },
    { 0, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ",
      "public: void __thiscall std::vector<int,class std::allocator<int> >::f(void)", ROW_ALL },
    { 0, "?x@?$A@$0?0@@2HA", "public: static int A<-1>::x", ROW_ALL },
    { 0, "??0?$vector@H@std@@QAE@XZ", "public: __thiscall std::vector<int>::vector<int>(void)", ROW_ALL },
    /* flags */
    { UNDNAME_NAME_ONLY, "?get@Foo@@QEBAHXZ", "Foo::get", ROW_ALL },
    { UNDNAME_NAME_ONLY, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ",
      "std::vector<int,std::allocator<int> >::f", ROW_ALL },
    { UNDNAME_NAME_ONLY, "?x@@3HA", "x", ROW_ALL },
    { UNDNAME_NO_MS_KEYWORDS, "?get@Foo@@QEBAHXZ", "public: int Foo::get(void)const ", ROW_ALL },
    { UNDNAME_NO_LEADING_UNDERSCORES, "?get@Foo@@QEBAHXZ", "public: int cdecl Foo::get(void)const ptr64", ROW_ALL },
    { UNDNAME_NO_FUNCTION_RETURNS, "?get@Foo@@QEBAHXZ", "public: __cdecl Foo::get(void)const __ptr64", ROW_ALL },
    { UNDNAME_NO_ALLOCATION_LANGUAGE, "?get@Foo@@QEBAHXZ", "public: int Foo::get(void)const __ptr64", ROW_ALL },
    { UNDNAME_NO_THISTYPE, "?get@Foo@@QEBAHXZ", "public: int __cdecl Foo::get(void)", ROW_ALL },
    { UNDNAME_NO_ACCESS_SPECIFIERS, "?get@Foo@@QEBAHXZ", "int __cdecl Foo::get(void)const __ptr64", ROW_ALL },
    { UNDNAME_NO_MEMBER_TYPE, "?v@Foo@@UEAAXXZ", "public: void __cdecl Foo::v(void) __ptr64", ROW_ALL },
    { UNDNAME_32_BIT_DECODE, "?f@@YAXPBD@Z", "void __cdecl f(char const *)", ROW_ALL },
    { UNDNAME_NO_MS_KEYWORDS | UNDNAME_NO_ACCESS_SPECIFIERS, "?v@Foo@@UEAAXXZ",
      "virtual void Foo::v(void)", ROW_ALL },
    { UNDNAME_NO_ECSU, "??4Foo@@QAEAAV0@ABV0@@Z", "public: Foo & __thiscall Foo::operator=(Foo const &)", ROW_ALL },
    /* UNDNAME_NO_ARGUMENTS is the C runtime's "type only": programs pass an
     * RTTI type name without its leading '.' */
    { UNDNAME_NO_ARGUMENTS, "?AVFoo@@", "class Foo", ROW_ALL },
    { UNDNAME_NO_ARGUMENTS, "?AV?$vector@HV?$allocator@H@std@@@std@@",
      "class std::vector<int,class std::allocator<int> >", ROW_ALL },
    { UNDNAME_NO_ARGUMENTS | UNDNAME_NAME_ONLY, "?AVFoo@@", "Foo", ROW_ALL },
    { UNDNAME_NO_ARGUMENTS, "?f@@YAXXZ", "?f@@YAXXZ", ROW_ALL },
    /* what Wine 8.0's undecorator does not know */
    { 0, "?f@@YQXXZ", "void __vectorcall f(void)", ROW_WINE_FAILS },
    { 0, "?f@?A0x1234@@YAXXZ", "void __cdecl `anonymous namespace'::f(void)", ROW_WINE_FAILS },
    { 0, "?f@@YAX$$T@Z", "void __cdecl f(std::nullptr_t)", ROW_WINE_FAILS },
    /* not decorated: copied */
    { 0, "foo", "foo", ROW_ALL },
    { 0, "WinMain", "WinMain", ROW_ALL },
    { 0, "_foo@4", "_foo@4", ROW_ALL },
    { UNDNAME_NAME_ONLY, "@fastcall@8", "@fastcall@8", ROW_ALL },
    /* Itanium names */
    { 0, "_Z3fooi", "foo(int)", ROW_OURS_ONLY },
    { 0, "__Z3fooi", "foo(int)", ROW_OURS_ONLY },
    { 0, "_ZNK3foo3barEv", "foo::bar() const", ROW_OURS_ONLY },
    { 0, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back(int const&)", ROW_OURS_ONLY },
    { UNDNAME_NAME_ONLY, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back", ROW_OURS_ONLY },
    { 0, "_Z3maxIiET_S0_S0_", "int max<int>(int, int)", ROW_OURS_ONLY },
    { 0, "_Z3fooi.cold", "foo(int) [clone .cold]", ROW_OURS_ONLY },
    { 0, "_ZTV1A", "vtable for A", ROW_OURS_ONLY },
    { 0, "_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()() const", ROW_OURS_ONLY },
};

/* What this platform should print for a row. */
static const char *row_expected(const struct row *r)
{
    if (r->kind == ROW_OURS_ONLY && wtest_platform != WTEST_OURS) return r->name;
    return r->expected;
}

static void test_UnDecorateSymbolName(void)
{
    HMODULE imagehlp;
    undecorate_fn fwd;
    const char *want;
    char out[512];
    DWORD ret;
    unsigned i;

    if (!pUnDecorateSymbolName)
    {
        ok(0, "UnDecorateSymbolName is not exported\n");
        return;
    }
    for (i = 0; i < ARRAY_SIZE(rows); i++)
    {
        winetest_push_context("row %u (%s, 0x%lx)", i, rows[i].name, (unsigned long)rows[i].flags);
        want = row_expected(&rows[i]);
        memset(out, 'x', sizeof(out));
        ret = pUnDecorateSymbolName(rows[i].name, out, sizeof(out), rows[i].flags);
        todo_wine_if(rows[i].kind == ROW_WINE_FAILS)
        {
            ok(!strcmp(out, want), "got \"%s\", expected \"%s\"\n", out, want);
            ok(ret == strlen(want), "returned %lu, expected %u\n", (unsigned long)ret, (unsigned)strlen(want));
        }
        winetest_pop_context();
    }

    /* Truncation: size - 1 characters and the NUL; the count written. */
    memset(out, 'x', sizeof(out));
    ret = pUnDecorateSymbolName("?f@@YAXXZ", out, 5, 0);
    ok(ret == 4, "returned %lu\n", (unsigned long)ret);
    ok(!strcmp(out, "void") && out[5] == 'x', "got \"%.8s\"\n", out);
    memset(out, 'x', sizeof(out));
    ret = pUnDecorateSymbolName("?f@@YAXXZ", out, 21, 0);
    ok(ret == 20, "exact size: returned %lu\n", (unsigned long)ret);
    ok(!strcmp(out, "void __cdecl f(void)"), "got \"%s\"\n", out);
    memset(out, 'x', sizeof(out));
    ret = pUnDecorateSymbolName("foo", out, 3, 0);
    ok(ret == 2, "returned %lu\n", (unsigned long)ret);
    ok(!strcmp(out, "fo"), "got \"%.8s\"\n", out);
    memset(out, 'x', sizeof(out));
    ret = pUnDecorateSymbolName("?f@@YAXXZ", out, 1, 0);
    ok(ret == 0, "size 1: returned %lu\n", (unsigned long)ret);
    ok(out[0] == 0 && out[1] == 'x', "size 1: got \"%.8s\"\n", out);

    /* A long result (200 parameters). */
    {
        static char name[16 + 3 * 200], want_long[32 + 8 * 200], out_long[2048];
        char *n = name, *w = want_long;

        n += sprintf(n, "?f@@YAX");
        w += sprintf(w, "void __cdecl f(");
        for (i = 0; i < 200; i++)
        {
            n += sprintf(n, "PAD");
            w += sprintf(w, "%schar *", i ? "," : "");
        }
        strcpy(n, "@Z");
        strcpy(w, ")");
        ret = pUnDecorateSymbolName(name, out_long, sizeof(out_long), 0);
        ok(ret == strlen(want_long) && !strcmp(out_long, want_long), "long name: %lu \"%.40s...\"\n",
           (unsigned long)ret, out_long);
    }

    /* Bad parameters. */
    memset(out, 'x', sizeof(out));
    SetLastError(0xdeadbeef);
    ret = pUnDecorateSymbolName("?f@@YAXXZ", out, 0, 0);
    ok(ret == 0, "size 0: returned %lu\n", (unsigned long)ret);
    ok(out[0] == 'x', "size 0: buffer written\n");
    todo_wine ok(GetLastError() == ERROR_INVALID_PARAMETER, "size 0: error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ret = pUnDecorateSymbolName("?f@@YAXXZ", NULL, 100, 0);
    ok(ret == 0, "NULL buffer: returned %lu\n", (unsigned long)ret);
    todo_wine ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL buffer: error %lu\n", GetLastError());
    if (wtest_platform == WTEST_WINE)
        skip("Wine 8.0's builtin dereferences a NULL name\n");
    else
    {
        SetLastError(0xdeadbeef);
        ret = pUnDecorateSymbolName(NULL, out, sizeof(out), 0);
        ok(ret == 0, "NULL name: returned %lu\n", (unsigned long)ret);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL name: error %lu\n", GetLastError());
    }

    /* imagehlp.dll exports it too, forwarded to dbghelp. */
    imagehlp = LoadLibraryA("imagehlp.dll");
    fwd = imagehlp ? (undecorate_fn)(void *)GetProcAddress(imagehlp, "UnDecorateSymbolName") : NULL;
    ok(fwd != NULL, "imagehlp.dll does not export UnDecorateSymbolName\n");
    if (fwd)
    {
        ok(fwd == pUnDecorateSymbolName || broken(fwd != pUnDecorateSymbolName),
           "imagehlp %p, dbghelp %p\n", (void *)fwd, (void *)pUnDecorateSymbolName);
        memset(out, 'x', sizeof(out));
        ret = fwd("?f@@YGHH@Z", out, sizeof(out), 0);
        ok(ret == 20 && !strcmp(out, "int __stdcall f(int)"), "imagehlp: %lu \"%s\"\n", (unsigned long)ret, out);
    }
    if (imagehlp) FreeLibrary(imagehlp);
}

static void test_UnDecorateSymbolNameW(void)
{
    WCHAR nameW[256], outW[512];
    char out[512];
    const char *want;
    DWORD ret, err;
    unsigned i;

    if (!pUnDecorateSymbolNameW)
    {
        ok(0, "UnDecorateSymbolNameW is not exported\n");
        return;
    }
    for (i = 0; i < ARRAY_SIZE(rows); i++)
    {
        winetest_push_context("row %u (%s, 0x%lx)", i, rows[i].name, (unsigned long)rows[i].flags);
        want = row_expected(&rows[i]);
        MultiByteToWideChar(CP_ACP, 0, rows[i].name, -1, nameW, ARRAY_SIZE(nameW));
        memset(outW, 'x', sizeof(outW));
        ret = pUnDecorateSymbolNameW(nameW, outW, ARRAY_SIZE(outW), rows[i].flags);
        WideCharToMultiByte(CP_ACP, 0, outW, -1, out, sizeof(out), NULL, NULL);
        out[sizeof(out) - 1] = 0;
        todo_wine_if(rows[i].kind == ROW_WINE_FAILS)
        {
            ok(!strcmp(out, want), "got \"%s\", expected \"%s\"\n", out, want);
            ok(ret == strlen(want), "returned %lu, expected %u\n", (unsigned long)ret, (unsigned)strlen(want));
        }
        winetest_pop_context();
    }

    /* Truncation, in characters. */
    memset(outW, 'x', sizeof(outW));
    ret = pUnDecorateSymbolNameW(L"?f@@YAXXZ", outW, 5, 0);
    ok(ret == 4, "returned %lu\n", (unsigned long)ret);
    ok(!wcscmp(outW, L"void") && outW[5] == 0x7878, "got %.8ls\n", outW);
    memset(outW, 'x', sizeof(outW));
    ret = pUnDecorateSymbolNameW(L"main", outW, 3, 0);
    ok(ret == 2 && !wcscmp(outW, L"ma"), "returned %lu, %.8ls\n", (unsigned long)ret, outW);
    memset(outW, 'x', sizeof(outW));
    ret = pUnDecorateSymbolNameW(L"?f@@YAXXZ", outW, 1, 0);
    ok(ret == 0 && !outW[0], "size 1: returned %lu\n", (unsigned long)ret);

    /* Bad parameters. */
    memset(outW, 'x', sizeof(outW));
    SetLastError(0xdeadbeef);
    ret = pUnDecorateSymbolNameW(L"?f@@YAXXZ", outW, 0, 0);
    err = GetLastError();
    ok(ret == 0, "size 0: returned %lu\n", (unsigned long)ret);
    ok(outW[0] == 0x7878, "size 0: buffer written\n");
    todo_wine ok(err == ERROR_INVALID_PARAMETER, "size 0: error %lu\n", err);
    SetLastError(0xdeadbeef);
    ret = pUnDecorateSymbolNameW(L"?f@@YAXXZ", NULL, 100, 0);
    err = GetLastError();
    ok(ret == 0, "NULL buffer: returned %lu\n", (unsigned long)ret);
    todo_wine ok(err == ERROR_INVALID_PARAMETER, "NULL buffer: error %lu\n", err);
    if (wtest_platform == WTEST_WINE)
        skip("Wine 8.0's builtin undecorates uninitialized memory for a NULL name\n");
    else
    {
        SetLastError(0xdeadbeef);
        ret = pUnDecorateSymbolNameW(NULL, outW, ARRAY_SIZE(outW), 0);
        err = GetLastError();
        ok(ret == 0, "NULL name: returned %lu\n", (unsigned long)ret);
        ok(err == ERROR_INVALID_PARAMETER, "NULL name: error %lu\n", err);
    }
}

START_TEST(undname)
{
    pUnDecorateSymbolName = (undecorate_fn)(void *)wtest_dbghelp_proc("UnDecorateSymbolName");
    pUnDecorateSymbolNameW = (undecoratew_fn)(void *)wtest_dbghelp_proc("UnDecorateSymbolNameW");
    test_UnDecorateSymbolName();
    test_UnDecorateSymbolNameW();
}
