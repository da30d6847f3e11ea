/*
 * undname_tests.c: native unit tests of the C++ undecorator (undname.c,
 * undname_itanium.c), run under AddressSanitizer and UBSan by native.test.
 *
 * Expected texts:
 *   - Microsoft names: what Wine 8.0's builtin UnDecorateSymbolName (msvcrt's
 *     __unDName) printed for the same name and flags on this machine, except
 *     the rows of ours_beyond_wine, where Wine 8.0 gives up and we print
 *     Microsoft's form;
 *   - Itanium names: GNU c++filt 2.40 (c++filt -p for UNDNAME_NAME_ONLY),
 *     part of them real symbols of mingw-w64's libstdc++.
 * A NULL expectation means "not a name we decode": undname_demangle returns
 * 0.  Each failure prints the table and row index; the program ends with a
 * summary line and exits 1 if anything failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "undname.h"

struct row
{
    unsigned flags;
    const char *mangled;
    const char *expected;   /* NULL: undname_demangle returns 0 */
};

static const struct row msvc_rows[] =
{
    { 0x0, "?x@@3HA", "int x" },
    { 0x0, "?x@@3HB", "int const x" },
    { 0x0, "?x@@3HC", "int volatile x" },
    { 0x0, "?x@@3PAHA", "int * x" },
    { 0x0, "?x@@3PBHB", "int const * const x" },
    { 0x0, "?x@@3PEAHEA", "int * __ptr64 __ptr64 x" },
    { 0x0, "?x@@3PEBHEB", "int const * __ptr64 const __ptr64 x" },
    { 0x0, "?x@Foo@@2HA", "public: static int Foo::x" },
    { 0x0, "?x@Foo@@1HA", "protected: static int Foo::x" },
    { 0x0, "?x@Foo@@0HA", "private: static int Foo::x" },
    { 0x0, "?x@b@a@@3NA", "double a::b::x" },
    { 0x0, "?f@@YAXXZ", "void __cdecl f(void)" },
    { 0x0, "?f@@YAHH@Z", "int __cdecl f(int)" },
    { 0x0, "?f@@YAXPEAD@Z", "void __cdecl f(char * __ptr64)" },
    { 0x0, "?f@@YAXPBD@Z", "void __cdecl f(char const *)" },
    { 0x0, "??$SignedDivisionByConstant@I$00@base@v8@@YA?AU?$MagicNumbersForDivision@I@01@I@Z",
      "struct v8::base::MagicNumbersForDivision<unsigned int> __cdecl v8::base::SignedDivisionByConstant<unsigned int,1>(unsigned int)" },
    { 0x0, "?CallOnceImpl@base@v8@@YAXPEAU?$atomic@E@std@@V?$function@$$A6AXXZ@4@@Z",
      "void __cdecl v8::base::CallOnceImpl(struct std::atomic<unsigned char> * __ptr64,class std::function<void __cdecl(void)>)" },
    { 0x0, "?f@@YAXPEBD@Z", "void __cdecl f(char const * __ptr64)" },
    { 0x0, "?f@@YAXAAH@Z", "void __cdecl f(int &)" },
    { 0x0, "?f@@YAXAEAH@Z", "void __cdecl f(int & __ptr64)" },
    { 0x0, "?f@@YAX$$QAH@Z", "void __cdecl f(int &&)" },
    { 0x0, "?f@@YAX$$QEAH@Z", "void __cdecl f(int && __ptr64)" },
    { 0x0, "?f@@YAXDEFGHIJKMNO@Z", "void __cdecl f(char,unsigned char,short,unsigned short,int,unsigned int,long,unsigned long,float,double,long double)" },
    { 0x0, "?f@@YAXC_J_K_N_W@Z", "void __cdecl f(signed char,__int64,unsigned __int64,bool,wchar_t)" },
    { 0x0, "?f@@YAX_D_E_F_G_H_I@Z", "void __cdecl f(__int8,unsigned __int8,__int16,unsigned __int16,__int32,unsigned __int32)" },
    { 0x0, "?f@@YAXZZ", "void __cdecl f(...)" },
    { 0x0, "?f@@YAXHZZ", "void __cdecl f(int,...)" },
    { 0x0, "?f@@YGXXZ", "void __stdcall f(void)" },
    { 0x0, "?f@@YIXXZ", "void __fastcall f(void)" },
    { 0x0, "?f@@YMXXZ", "void __clrcall f(void)" },
    { 0x0, "?f@@YCXXZ", "void __pascal f(void)" },
    { 0x0, "?get@Foo@@QAEHXZ", "public: int __thiscall Foo::get(void)" },
    { 0x0, "?get@Foo@@QEAAHXZ", "public: int __cdecl Foo::get(void) __ptr64" },
    { 0x0, "?get@Foo@@QEBAHXZ", "public: int __cdecl Foo::get(void)const __ptr64" },
    { 0x0, "?get@Foo@@QBEHXZ", "public: int __thiscall Foo::get(void)const " },
    { 0x0, "?get@Foo@@QCEHXZ", "public: int __thiscall Foo::get(void)volatile " },
    { 0x0, "?get@Foo@@QDEHXZ", "public: int __thiscall Foo::get(void)const volatile " },
    { 0x0, "?v@Foo@@UEAAXXZ", "public: virtual void __cdecl Foo::v(void) __ptr64" },
    { 0x0, "?v@Foo@@UAEXXZ", "public: virtual void __thiscall Foo::v(void)" },
    { 0x0, "?s@Foo@@SAXXZ", "public: static void __cdecl Foo::s(void)" },
    { 0x0, "?p@Foo@@AAEXXZ", "private: void __thiscall Foo::p(void)" },
    { 0x0, "?p@Foo@@IAEXXZ", "protected: void __thiscall Foo::p(void)" },
    { 0x0, "?p@Foo@@EAEXXZ", "private: virtual void __thiscall Foo::p(void)" },
    { 0x0, "?p@Foo@@MAEXXZ", "protected: virtual void __thiscall Foo::p(void)" },
    { 0x0, "?p@Foo@@KAXXZ", "protected: static void __cdecl Foo::p(void)" },
    { 0x0, "?p@Foo@@CAXXZ", "private: static void __cdecl Foo::p(void)" },
    { 0x0, "??0Foo@@QAE@XZ", "public: __thiscall Foo::Foo(void)" },
    { 0x0, "??1Foo@@UAE@XZ", "public: virtual __thiscall Foo::~Foo(void)" },
    { 0x0, "??1Foo@@QEAA@XZ", "public: __cdecl Foo::~Foo(void) __ptr64" },
    { 0x0, "??0Foo@@QEAA@AEBV0@@Z", "public: __cdecl Foo::Foo(class Foo const & __ptr64) __ptr64" },
    { 0x0, "??4Foo@@QAEAAV0@ABV0@@Z", "public: class Foo & __thiscall Foo::operator=(class Foo const &)" },
    { 0x0, "??2@YAPAXI@Z", "void * __cdecl operator new(unsigned int)" },
    { 0x0, "??2@YAPEAX_K@Z", "void * __ptr64 __cdecl operator new(unsigned __int64)" },
    { 0x0, "??3@YAXPAX@Z", "void __cdecl operator delete(void *)" },
    { 0x0, "??_U@YAPAXI@Z", "void * __cdecl operator new[](unsigned int)" },
    { 0x0, "??_V@YAXPAX@Z", "void __cdecl operator delete[](void *)" },
    { 0x0, "??_7Foo@@6B@", "const Foo::`vftable'" },
    { 0x0, "??_7Foo@@6BBar@@@", "const Foo::`vftable'{for `Bar'}" },
    { 0x0, "??_8Foo@@7B@", "const Foo::`vbtable'" },
    { 0x0, "??HFoo@@QAE?AV0@ABV0@@Z", "public: class Foo __thiscall Foo::operator+(class Foo const &)" },
    { 0x0, "??8@YA_NABVFoo@@0@Z", "bool __cdecl operator==(class Foo const &,class Foo const &)" },
    { 0x0, "??BFoo@@QBEHXZ", "public: __thiscall Foo::operator int(void)const " },
    { 0x0, "??RFoo@@QAEXXZ", "public: void __thiscall Foo::operator()(void)" },
    { 0x0, "??AFoo@@QAEAAHH@Z", "public: int & __thiscall Foo::operator[](int)" },
    { 0x0, "??_GFoo@@UAEPAXI@Z", "public: virtual void * __thiscall Foo::`scalar deleting destructor'(unsigned int)" },
    { 0x0, "??_EFoo@@UAEPAXI@Z", "public: virtual void * __thiscall Foo::`vector deleting destructor'(unsigned int)" },
    { 0x0, "??$max@H@@YAHHH@Z", "int __cdecl max<int>(int,int)" },
    { 0x0, "??$max@N@std@@YANNN@Z", "double __cdecl std::max<double>(double,double)" },
    { 0x0, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: void __thiscall std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x0, "?x@?$A@$0A@@@2HA", "public: static int A<0>::x" },
    { 0x0, "?x@?$A@$00@@2HA", "public: static int A<1>::x" },
    { 0x0, "?x@?$A@$0BA@@@2HA", "public: static int A<16>::x" },
    { 0x0, "?x@?$A@$0?0@@2HA", "public: static int A<-1>::x" },
    { 0x0, "?x@?$A@$0?CA@@@2HA", "public: static int A<-32>::x" },
    { 0x0, "?f@b@a@@YAXXZ", "void __cdecl a::b::f(void)" },
    { 0x0, "?f@@YAXPAUS@@0@Z", "void __cdecl f(struct S *,struct S *)" },
    { 0x0, "?f@S@@QAEXPAU1@@Z", "public: void __thiscall S::f(struct S *)" },
    { 0x0, "?f@@YAXW4E@@@Z", "void __cdecl f(enum E)" },
    { 0x0, "?f@@YAXTU@@@Z", "void __cdecl f(union U)" },
    { 0x0, "?f@@YAXP6AXH@Z@Z", "void __cdecl f(void (__cdecl*)(int))" },
    { 0x0, "?f@@YAXP6GHHH@Z@Z", "void __cdecl f(int (__stdcall*)(int,int))" },
    { 0x0, "?a@@3PAY09HA", "int (* a)[10]" },
    { 0x0, "?a@@3PAY1BA@4HA", "int (* a)[16][5]" },
    { 0x0, "?f@@YAXV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@@Z", "void __cdecl f(class std::basic_string<char,struct std::char_traits<char>,class std::allocator<char> >)" },
    { 0x0, "?f@@YA?AUS@@XZ", "struct S __cdecl f(void)" },
    { 0x0, "?f@@YA?BHXZ", "int const __cdecl f(void)" },
    { 0x0, "?x@?1??f@@YAXXZ@4HA", "int `void __cdecl f(void)'::`2'::x" },
    { 0x0, "??_C@_03KEJMNEGG@abc?$AA@", "`string'" },
    { 0x0, "?f@@YAXUS@@@Z", "void __cdecl f(struct S)" },
    { 0x0, "?f@Foo@@W3AEXXZ", "[thunk]:public: virtual void __thiscall Foo::f`adjustor{4}' (void)" },
    { 0x0, "?f@@YAXPAPAH@Z", "void __cdecl f(int * *)" },
    { 0x0, "?f@@YAXPAPBH@Z", "void __cdecl f(int const * *)" },
    { 0x0, "?f@@YAXQAH@Z", "void __cdecl f(int * const)" },
    { 0x0, "?f@@YAXPCH@Z", "void __cdecl f(int volatile *)" },
    { 0x0, "?f@@YAXPDH@Z", "void __cdecl f(int const volatile *)" },
    { 0x0, "?f@@YAXABQAH@Z", "void __cdecl f(int * const &)" },
    { 0x0, "?f@@YAXP8Foo@@AEXXZ@Z", "void __cdecl f(void (__thiscall Foo::*)(void))" },
    { 0x0, "?f@@YAXPQFoo@@H@Z", "void __cdecl f(int Foo::*)" },
    { 0x0, "??0?$vector@H@std@@QAE@XZ", "public: __thiscall std::vector<int>::vector<int>(void)" },
    { 0x0, "??1?$vector@H@std@@QAE@XZ", "public: __thiscall std::vector<int>::~vector<int>(void)" },
    { 0x0, "??$f@H$0A@@@YAXXZ", "void __cdecl f<int,0>(void)" },
    { 0x0, "??$f@PAH@@YAXXZ", "void __cdecl f<int *>(void)" },
    { 0x0, "??_R0?AVFoo@@@8", "class Foo `RTTI Type Descriptor'" },
    { 0x0, "??__E?x@@YAXXZ", NULL },
    { 0x0, "?f@@YAXPAX@Z", "void __cdecl f(void *)" },
    { 0x0, "?f@@YAXPEAPEAX@Z", "void __cdecl f(void * __ptr64 * __ptr64)" },
    { 0x0, "?f@@YAX_NW4E@Foo@@@Z", "void __cdecl f(bool,enum Foo::E)" },
    { 0x0, "?f@Foo@@QAEXXZ", "public: void __thiscall Foo::f(void)" },
    { 0x0, "?f@@YAPAHXZ", "int * __cdecl f(void)" },
    { 0x0, "?f@@YAAAHXZ", "int & __cdecl f(void)" },
    { 0x0, "?f@@YA_JXZ", "__int64 __cdecl f(void)" },
    { 0x0, "?f@@YAXP6AXXZ@Z", "void __cdecl f(void (__cdecl*)(void))" },
    { 0x0, "?f@@YAXPAP6AXXZ@Z", "void __cdecl f(void (__cdecl**)(void))" },
    { 0x0, "?f@@YAXAAY02H@Z", "void __cdecl f(int (&)[3])" },
    { 0x0, "??$?0H@Foo@@QAE@H@Z", "public: __thiscall Foo::Foo<int>(int)" },
    { 0x0, "??6@YAAAVostream@std@@AAV01@H@Z", "class std::ostream & __cdecl operator<<(class std::ostream &,int)" },
    { 0x0, "??YFoo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator+=(int)" },
    { 0x0, "??_0Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator/=(int)" },
    { 0x0, "??_1Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator%=(int)" },
    { 0x0, "??_2Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator>>=(int)" },
    { 0x0, "??_3Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator<<=(int)" },
    { 0x0, "??_4Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator&=(int)" },
    { 0x0, "??_5Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator|=(int)" },
    { 0x0, "??_6Foo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator^=(int)" },
    { 0x0, "??CFoo@@QAEPAV0@XZ", "public: class Foo * __thiscall Foo::operator->(void)" },
    { 0x0, "??DFoo@@QAEAAHXZ", "public: int & __thiscall Foo::operator*(void)" },
    { 0x0, "??EFoo@@QAEAAV0@XZ", "public: class Foo & __thiscall Foo::operator++(void)" },
    { 0x0, "??FFoo@@QAEAAV0@XZ", "public: class Foo & __thiscall Foo::operator--(void)" },
    { 0x0, "??EFoo@@QAE?AV0@H@Z", "public: class Foo __thiscall Foo::operator++(int)" },
    { 0x0, "??GFoo@@QAEHH@Z", "public: int __thiscall Foo::operator-(int)" },
    { 0x0, "??IFoo@@QAEHH@Z", "public: int __thiscall Foo::operator&(int)" },
    { 0x0, "??JFoo@@QAEHH@Z", "public: int __thiscall Foo::operator->*(int)" },
    { 0x0, "??KFoo@@QAEHH@Z", "public: int __thiscall Foo::operator/(int)" },
    { 0x0, "??LFoo@@QAEHH@Z", "public: int __thiscall Foo::operator%(int)" },
    { 0x0, "??MFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator<(int)" },
    { 0x0, "??NFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator<=(int)" },
    { 0x0, "??OFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator>(int)" },
    { 0x0, "??PFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator>=(int)" },
    { 0x0, "??QFoo@@QAEHH@Z", "public: int __thiscall Foo::operator,(int)" },
    { 0x0, "??SFoo@@QAEHXZ", "public: int __thiscall Foo::operator~(void)" },
    { 0x0, "??TFoo@@QAEHH@Z", "public: int __thiscall Foo::operator^(int)" },
    { 0x0, "??UFoo@@QAEHH@Z", "public: int __thiscall Foo::operator|(int)" },
    { 0x0, "??VFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator&&(int)" },
    { 0x0, "??WFoo@@QAE_NH@Z", "public: bool __thiscall Foo::operator||(int)" },
    { 0x0, "??XFoo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator*=(int)" },
    { 0x0, "??ZFoo@@QAEAAV0@H@Z", "public: class Foo & __thiscall Foo::operator-=(int)" },
    { 0x0, "??9@YA_NHH@Z", "bool __cdecl operator!=(int,int)" },
    { 0x0, "??5@YAAAVistream@std@@AAV01@AAH@Z", "class std::istream & __cdecl operator>>(class std::istream &,int &)" },
    { 0x0, "??7Foo@@QAE_NXZ", "public: bool __thiscall Foo::operator!(void)" },
    { 0x0, "??_9Foo@@$BA@AE", "[thunk]: __thiscall Foo::`vcall'{0,{flat}}' }'" },
    { 0x0, "??_DFoo@@QAEXXZ", "public: void __thiscall Foo::`vbase destructor'(void)" },
    { 0x0, "??_FFoo@@QAEXXZ", "public: void __thiscall Foo::`default constructor closure'(void)" },
    { 0x0, "??_LFoo@@QAEXXZ", "public: void __thiscall Foo::`eh vector constructor iterator'(void)" },
    { 0x0, "??_MFoo@@QAEXXZ", "public: void __thiscall Foo::`eh vector destructor iterator'(void)" },
    { 0x0, "??_S@YAXXZ", "void __cdecl `local vftable'(void)" },
    { 0x0, "??_R4Foo@@6B@", "const Foo::`RTTI Complete Object Locator'" },
    { 0x0, "?f@@YAXPEAUS@@@Z", "void __cdecl f(struct S * __ptr64)" },
    { 0x0, "?f@@YAXAEBV?$vector@HV?$allocator@H@std@@@std@@@Z", "void __cdecl f(class std::vector<int,class std::allocator<int> > const & __ptr64)" },
    { 0x0, "?f@@YAXPIAH@Z", "void __cdecl f(int * __restrict)" },
    { 0x0, "?f@@YAXPFAH@Z", "void __cdecl f(int __unaligned *)" },
    { 0x0, "?f@@YAX$$BY02H@Z", "void __cdecl f(int [3])" },
    { 0x0, "?x@@3_KA", "unsigned __int64 x" },
    { 0x0, "?x@@3_NA", "bool x" },
    { 0x0, "?x@@3PAXA", "void * x" },
    { 0x0, "?x@@3P6AXXZA", "void (__cdecl* x)(void)" },
    { 0x0, "?x@@3PAP6AXXZA", "void (__cdecl** x)(void)" },
    { 0x0, "?x@@3QAHA", "int * x" },
    { 0x0, "?x@@3QEAHEA", "int * __ptr64 __ptr64 x" },
    { 0x0, "?x@@3PEAP6AXXZEA", "void (__cdecl** __ptr64 __ptr64 x)(void)" },
    { 0x0, "?x@@3P6AXXZB", "void (__cdecl* const x)(void)" },
    { 0x0, "?f@@YAXQAP6AXXZ@Z", "void __cdecl f(void (__cdecl** const)(void))" },
    { 0x0, "?f@@YAXAAP6AXXZ@Z", "void __cdecl f(void (__cdecl*&)(void))" },
    { 0x0, "?f@@YAP6AXXZXZ", "void (__cdecl*__cdecl f(void))(void)" },
    { 0x0, "?f@@YAP6AHH@ZH@Z", "int (__cdecl*__cdecl f(int))(int)" },
    { 0x0, "?x@@3PAPAY02HA", "int (* * x)[3]" },
    { 0x0, "?x@@3PBY02HB", "int (const * const x)[3]" },
    { 0x0, "?x@@3PEAY02HEA", "int (* __ptr64 __ptr64 x)[3]" },
    { 0x0, "??$?6H@Foo@@QAEXH@Z", "public: void __thiscall Foo::operator<<<int>(int)" },
    { 0x0, "??$?MH@@YA_NHH@Z", "bool __cdecl operator<<int>(int,int)" },
    { 0x0, "?f@?$A@V?$B@H@@@@QAEXXZ", "public: void __thiscall A<class B<int> >::f(void)" },
    { 0x0, "?f@?$A@V?$B@V?$C@H@@@@@@QAEXXZ", "public: void __thiscall A<class B<class C<int> > >::f(void)" },
    { 0x0, "?f@?$A@$$CBH@@QAEXXZ", "public: void __thiscall A<int const>::f(void)" },
    { 0x0, "?f@@YAXV?$A@H@@V1@@Z", "void __cdecl f(class A<int>,class A<int>)" },
    { 0x0, "?f@?$A@H@@QAEXV1@@Z", "public: void __thiscall A<int>::f(class A<int>)" },
    { 0x0, "?f@?$A@H@@QAEXV?$A@H@@V2@@Z", "public: void __thiscall A<int>::f(class A<int>,class A<int>)" },
    { 0x0, "?f@@YAXP8Foo@@BEXXZ@Z", "void __cdecl f(void (__thiscall Foo::*)(void)const )" },
    { 0x0, "?f@@YAXP8Foo@@BEHH@Z@Z", "void __cdecl f(int (__thiscall Foo::*)(int)const )" },
    { 0x0, "?x@@3P8Foo@@AEXXZA", "void (__thiscall Foo::* x)(void)" },
    { 0x0, "?x@@3PQFoo@@HQ1@", "int Foo::* x" },
    { 0x0, "?f@@YAXPRFoo@@H@Z", "void __cdecl f(int const Foo::*)" },
    { 0x0, "?f@@YAXPBQFoo@@H@Z", NULL },
    { 0x0, "?f@@YA?AV?$vector@HV?$allocator@H@std@@@std@@XZ", "class std::vector<int,class std::allocator<int> > __cdecl f(void)" },
    { 0x0, "?f@@YA?BUS@@XZ", "struct S const __cdecl f(void)" },
    { 0x0, "?f@@YAXPEIAH@Z", "void __cdecl f(int * __ptr64 __restrict)" },
    { 0x0, "?f@@YAXPEFAH@Z", "void __cdecl f(int __unaligned * __ptr64)" },
    { 0x0, "?f@@YAXPEIFAH@Z", "void __cdecl f(int __unaligned * __ptr64 __restrict)" },
    { 0x0, "?f@@YAXPIEAH@Z", "void __cdecl f(int * __restrict __ptr64)" },
    { 0x0, "??_7Foo@@6B?$A@H@@@", "const Foo::`vftable'{for `A<int>'}" },
    { 0x0, "??_7?$Foo@H@@6B@", "const Foo<int>::`vftable'" },
    { 0x0, "?x@?$A@$0PPPPPPPP@@@2HA", "public: static int A<4294967295>::x" },
    { 0x0, "?x@?$A@$09@@2HA", "public: static int A<10>::x" },
    { 0x0, "?f@@YAXDDD@Z", "void __cdecl f(char,char,char)" },
    { 0x0, "?f@@YAXPADPAD1@Z", "void __cdecl f(char *,char *,char *)" },
    { 0x0, "?f@@YAXPAD0000000000@Z", "void __cdecl f(char *,char *,char *,char *,char *,char *,char *,char *,char *,char *,char *)" },
    { 0x0, "?f@@YAXPAD0PBD1@Z", "void __cdecl f(char *,char *,char const *,char const *)" },
    { 0x0, "?f@a@@YAXPAV1@@Z", "void __cdecl a::f(class a *)" },
    { 0x0, "?g@f@a@@YAXPAV12@@Z", "void __cdecl a::f::g(class a::f *)" },
    { 0x0, "?g@f@a@@QAEXPAV12@PAV2@@Z", "public: void __thiscall a::f::g(class a::f *,class a *)" },
    { 0x0, "?f@@YAX_S_U_Q@Z", "void __cdecl f(char16_t,char32_t,char8_t)" },
    { 0x0, "?f@@YAX_L_M@Z", "void __cdecl f(__int128,unsigned __int128)" },
    { 0x0, "?f@@YAX$$CBH@Z", "void __cdecl f(int const)" },
    { 0x0, "?f@@YAXPA$$CBH@Z", "void __cdecl f(int const *)" },
    { 0x0, "?x@@3HD", "int const volatile x" },
    { 0x0, "?x@@3HQ", NULL },
    { 0x0, "?x@@3_WA", "wchar_t x" },
    { 0x0, "?x@@3PEBDEB", "char const * __ptr64 const __ptr64 x" },
    { 0x0, "??_C@_0BB@GHJKLMNO@hello?5world?$AA@", "`string'" },
    { 0x0, "??_C@_1M@ABCDEFGH@?$AAh?$AAi?$AA?$AA@", "`string'" },
    { 0x0, "??_R1A@?0A@EA@Foo@@8", "Foo::`RTTI Base Class Descriptor at (0,-1,0,64)'" },
    { 0x0, "??_R2Foo@@8", "Foo::`RTTI Base Class Array'" },
    { 0x0, "??_R3Foo@@8", "Foo::`RTTI Class Hierarchy Descriptor'" },
    { 0x0, "??_GFoo@@UEAAPEAXI@Z", "public: virtual void * __ptr64 __cdecl Foo::`scalar deleting destructor'(unsigned int) __ptr64" },
    { 0x0, "??_B?1??f@@YAXXZ@51", NULL },
    { 0x0, "?x@?1??f@@YAHH@Z@4HA", "int `int __cdecl f(int)'::`2'::x" },
    { 0x0, "?x@?2??g@Foo@@QAEXXZ@4HA", "int `public: void __thiscall Foo::g(void)'::`3'::x" },
    { 0x0, "?x@?5??f@@YAXXZ@4HA", "int `void __cdecl f(void)'::`6'::x" },
    { 0x0, "?x@?BA@??f@@YAXXZ@4HA", "int `void __cdecl f(void)'::`16'::x" },
    { 0x0, "?f@Foo@@$4PPPPPPPM@A@AEXXZ", "[thunk]:public: virtual void __thiscall Foo::f`vtordisp{4294967292,0}' (void)" },
    { 0x0, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void __cdecl Foo::f`adjustor{8}' (void) __ptr64" },
    { 0x0, "?f@Foo@@G3AEXXZ", "[thunk]:private: virtual void __thiscall Foo::f`adjustor{4}' (void)" },
    { 0x0, "?f@Foo@@O3AEXXZ", "[thunk]:protected: virtual void __thiscall Foo::f`adjustor{4}' (void)" },
    { 0x0, "?f@Foo@@WBA@AEXXZ", "[thunk]:public: virtual void __thiscall Foo::f`adjustor{16}' (void)" },
    { 0x0, "??_9Foo@@$B7AA", "[thunk]: __cdecl Foo::`vcall'{8,{flat}}' }'" },
    { 0x0, "?f@@$$FYAXXZ", NULL },
    { 0x0, "?f@@YAXP6AXP6AXH@Z@Z@Z", "void __cdecl f(void (__cdecl*)(void (__cdecl*)(int)))" },
    { 0x0, "?f@@YAXP6AXH@Z0@Z", "void __cdecl f(void (__cdecl*)(int),void (__cdecl*)(int))" },
    { 0x0, "?f@@YAXP6AXH@ZP6AXH@Z@Z", "void __cdecl f(void (__cdecl*)(int),void (__cdecl*)(int))" },
    { 0x0, "?f@@YAXH@Z", "void __cdecl f(int)" },
    { 0x0, "?f@@YAXH@X", NULL },
    { 0x0, "?f@Foo@@QAEX@Z", "public: void __thiscall Foo::f(void)" },
    { 0x0, "?f@Foo@@QGAEXXZ", "public: void __thiscall Foo::f(void)& " },
    { 0x0, "?f@Foo@@QHAEXXZ", "public: void __thiscall Foo::f(void)&& " },
    { 0x0, "?f@Foo@@QEGAAXXZ", "public: void __cdecl Foo::f(void) __ptr64& " },
    { 0x0, "?f@Foo@@QEHAAXXZ", "public: void __cdecl Foo::f(void) __ptr64&& " },
    { 0x0, "?f@Foo@@QEIAAXXZ", "public: void __cdecl Foo::f(void) __ptr64 __restrict" },
    { 0x0, "?f@@YAXPAUS@@@Z", "void __cdecl f(struct S *)" },
    { 0x0, "?f@@YA?AW4E@@XZ", "enum E __cdecl f(void)" },
    { 0x0, "?f@@YAW4E@@XZ", "enum E __cdecl f(void)" },
    { 0x0, "?f@@YAUS@@XZ", "struct S __cdecl f(void)" },
    { 0x0, "?f@@YAXPBDZZ", "void __cdecl f(char const *,...)" },
    { 0x0, "?f@@YAXPEAQEAH@Z", "void __cdecl f(int * __ptr64 * __ptr64)" },
    { 0x0, "?f@@YAXPEBPEAH@Z", "void __cdecl f(int * __ptr64 const * __ptr64)" },
    { 0x0, "?f@@YAXPBP6AXXZ@Z", "void __cdecl f(void (__cdecl* const*)(void))" },
    { 0x0, "?f@@YAXPAQAH@Z", "void __cdecl f(int * *)" },
    { 0x0, "?f@@YAXPBPAH@Z", "void __cdecl f(int * const *)" },
    { 0x0, "?f@@YAXAAQAH@Z", "void __cdecl f(int * &)" },
    { 0x0, "?f@@YAXQBH@Z", "void __cdecl f(int const * const)" },
    { 0x0, "?f@@YAX$$CBQAH@Z", "void __cdecl f(int * const const)" },
    { 0x0, "?x@@3QAHB", "int * const x" },
    { 0x0, "?f@@YAXQAY01H@Z", "void __cdecl f(int (* const)[2])" },
    { 0x0, "?f@@YAX$$QAQAH@Z", "void __cdecl f(int * &&)" },
    { 0x0, "??__A@YAXXZ", NULL },
    { 0x0, "??__B@YAXXZ", NULL },
    { 0x0, "??__C@YAXXZ", NULL },
    { 0x0, "??__D@YAXXZ", NULL },
    { 0x0, "??_H@YAXXZ", "void __cdecl `vector constructor iterator'(void)" },
    { 0x0, "??_I@YAXXZ", "void __cdecl `vector destructor iterator'(void)" },
    { 0x0, "??_J@YAXXZ", "void __cdecl `vector vbase constructor iterator'(void)" },
    { 0x0, "??_K@YAXXZ", "void __cdecl `virtual displacement map'(void)" },
    { 0x0, "??_N@YAXXZ", "void __cdecl `eh vector vbase constructor iterator'(void)" },
    { 0x0, "??_O@YAXXZ", "void __cdecl `copy constructor closure'(void)" },
    { 0x0, "??_T@YAXXZ", "void __cdecl `local vftable constructor closure'(void)" },
    { 0x0, "??_X@YAXXZ", "void __cdecl `placement delete closure'(void)" },
    { 0x0, "??_Y@YAXXZ", "void __cdecl `placement delete[] closure'(void)" },
    { 0x0, "??_A@YAXXZ", "void __cdecl `typeof'(void)" },
    { 0x0, "??_B@YAXXZ", "void __cdecl `local static guard'(void)" },
    { 0x0, "??__G@YAXXZ", NULL },
    { 0x0, "??__H@YAXXZ", NULL },
    { 0x0, "??__L@YAXXZ", NULL },
    { 0x0, "??__M@YAXXZ", NULL },
    { 0x0, "?f@@YA?AV?$A@H@@V1@@Z", "class A<int> __cdecl f(class A<int>)" },
    { 0x0, "?f@@YAPAV?$A@H@@PAV1@@Z", "class A<int> * __cdecl f(class A<int> *)" },
    { 0x0, "?f@@YAXPAY01H@Z", "void __cdecl f(int (*)[2])" },
    { 0x0, "?f@@YAXH_E@Z", "void __cdecl f(int,unsigned __int8)" },
    { 0x0, "?f@@YAX_T@Z", NULL },
    { 0x0, "?f@@YAX_X@Z", NULL },
    { 0x0, "?f@@YAX_Y@Z", NULL },
    { 0x0, "?f@@YAX_Z@Z", NULL },
    { 0x0, "?f@?$A@H@@QAEXV?$A@H@@V3@@Z", NULL },
    { 0x0, "?f@?$A@H@@QAEXV?$A@H@@V1@@Z", "public: void __thiscall A<int>::f(class A<int>,class A<int>)" },
    { 0x0, "?f@f@@YAXPAV0@@Z", "void __cdecl f::f(class f *)" },
    { 0x0, "?f@f@@YAXPAV1@@Z", "void __cdecl f::f(class f *)" },
    { 0x0, "?f@@YAXPAUf@@PAU1@@Z", "void __cdecl f(struct f *,struct f *)" },
    { 0x0, "?f@@YAXPAUf@@PAU0@@Z", "void __cdecl f(struct f *,struct f *)" },
    { 0x0, "?f@@YAXQEAH@Z", "void __cdecl f(int * __ptr64 const)" },
    { 0x0, "?f@@YAXREAH@Z", "void __cdecl f(int * __ptr64 volatile)" },
    { 0x0, "?f@@YAXSEAH@Z", "void __cdecl f(int * __ptr64 const volatile)" },
    { 0x0, "?f@@YAXQEIAH@Z", "void __cdecl f(int * __ptr64 __restrict const)" },
    { 0x0, "?f@@YAXAEBQEAH@Z", "void __cdecl f(int * __ptr64 const & __ptr64)" },
    { 0x0, "?f@@YAXPAY01HPAY02H@Z", "void __cdecl f(int (*)[2],int (*)[3])" },
    { 0x0, "?f@@YAXV?$A@H@@@Z", "void __cdecl f(class A<int>)" },
    { 0x0, "?f@?$A@V?$B@H@@V1@@@QAEXXZ", "public: void __thiscall A<class B<int>,class B<int> >::f(void)" },
    { 0x0, "?f@?$A@VB@@V1@@@QAEXXZ", "public: void __thiscall A<class B,class B>::f(void)" },
    { 0x0, "?f@?$A@VB@@V0@@@QAEXXZ", "public: void __thiscall A<class B,class A>::f(void)" },
    { 0x0, "?f@?$A@PAUB@@PAU1@@@QAEXXZ", "public: void __thiscall A<struct B *,struct B *>::f(void)" },
    { 0x0, "?f@?$A@PAUB@@0@@QAEXXZ", "public: void __thiscall A<struct B *,struct B *>::f(void)" },
    { 0x0, "?f@@YAXPAUB@@V?$A@PAUB@@@@0@Z", "void __cdecl f(struct B *,class A<struct B *>,struct B *)" },
    { 0x0, "?f@@YAXPAUB@@V?$A@0@@@Z", NULL },
    { 0x0, "??$f@PAUB@@0@@YAXPAUB@@0@Z", "void __cdecl f<struct B *,struct B *>(struct B *,struct B *)" },
    { 0x0, "?f@@YAXPAUB@@V?$A@PAUB@@@@1@Z", "void __cdecl f(struct B *,class A<struct B *>,class A<struct B *>)" },
    { 0x0, "?f@@YAXPEBQEAH@Z", "void __cdecl f(int * __ptr64 const * __ptr64)" },
    { 0x0, "?f@@YAX$$QEBH@Z", "void __cdecl f(int const && __ptr64)" },
    { 0x0, "??0Foo@@QAE@ABV0@@Z", "public: __thiscall Foo::Foo(class Foo const &)" },
    { 0x0, "??1?$A@VB@@@@QAE@XZ", "public: __thiscall A<class B>::~A<class B>(void)" },
    { 0x0, "?f@@YAXP6AXXZP6AXXZ@Z", "void __cdecl f(void (__cdecl*)(void),void (__cdecl*)(void))" },
    { 0x0, "?f@@YAXP6AXPAH@Z0@Z", "void __cdecl f(void (__cdecl*)(int *),int *)" },
    { 0x0, "?f@@YAXP6AXPAH@Z1@Z", "void __cdecl f(void (__cdecl*)(int *),void (__cdecl*)(int *))" },
    { 0x0, "?f@@YAXP6AXPAH@Z00@Z", "void __cdecl f(void (__cdecl*)(int *),int *,int *)" },
    { 0x0, "?x@@3P6AXPAH0@ZA", "void (__cdecl* x)(int *,int *)" },
    { 0x0, "?f@@YAXPAH@Z", "void __cdecl f(int *)" },
    { 0x0, "?f@@YAX_N@Z", "void __cdecl f(bool)" },
    { 0x0, "?f@@YAX_N0@Z", "void __cdecl f(bool,bool)" },
    { 0x0, "?f@@YAX_J0@Z", "void __cdecl f(__int64,__int64)" },
    { 0x0, "?f@@YAXW4E@@0@Z", "void __cdecl f(enum E,enum E)" },
    { 0x0, "?f@@YAXPAXPAX@Z", "void __cdecl f(void *,void *)" },
    { 0x0, "?f@@YAXPAX0@Z", "void __cdecl f(void *,void *)" },
    { 0x0, "?f@@YAXHPAH0@Z", "void __cdecl f(int,int *,int *)" },
    { 0x0, "?f@@YAXH0@Z", NULL },
    { 0x0, "?f@@YAX$$BY02H0@Z", "void __cdecl f(int [3],int [3])" },
    { 0x1, "?x@@3PEBHEB", "int const * ptr64 const ptr64 x" },
    { 0x1, "?f@@YAXPEAD@Z", "void cdecl f(char * ptr64)" },
    { 0x1, "?get@Foo@@QEBAHXZ", "public: int cdecl Foo::get(void)const ptr64" },
    { 0x1, "?v@Foo@@UEAAXXZ", "public: virtual void cdecl Foo::v(void) ptr64" },
    { 0x1, "?s@Foo@@SAXXZ", "public: static void cdecl Foo::s(void)" },
    { 0x1, "??0Foo@@QEAA@AEBV0@@Z", "public: cdecl Foo::Foo(class Foo const & ptr64) ptr64" },
    { 0x1, "??BFoo@@QBEHXZ", "public: thiscall Foo::operator int(void)const " },
    { 0x1, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: void thiscall std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x1, "?x@?1??f@@YAXXZ@4HA", "int `void cdecl f(void)'::`2'::x" },
    { 0x1, "?f@@YAXPFAH@Z", "void cdecl f(int unaligned *)" },
    { 0x1, "?x@@3P6AXXZA", "void (cdecl* x)(void)" },
    { 0x1, "?f@@YAP6AXXZXZ", "void (cdecl*cdecl f(void))(void)" },
    { 0x1, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void cdecl Foo::f`adjustor{8}' (void) ptr64" },
    { 0x1, "??_9Foo@@$B7AA", "[thunk]: cdecl Foo::`vcall'{8,{flat}}' }'" },
    { 0x1, "?f@Foo@@QEGAAXXZ", "public: void cdecl Foo::f(void) ptr64& " },
    { 0x2, "?x@@3PEBHEB", "int const * const x" },
    { 0x2, "?f@@YAXPEAD@Z", "void f(char *)" },
    { 0x2, "?get@Foo@@QEBAHXZ", "public: int Foo::get(void)const " },
    { 0x2, "?v@Foo@@UEAAXXZ", "public: virtual void Foo::v(void)" },
    { 0x2, "?s@Foo@@SAXXZ", "public: static void Foo::s(void)" },
    { 0x2, "??0Foo@@QEAA@AEBV0@@Z", "public: Foo::Foo(class Foo const &)" },
    { 0x2, "??BFoo@@QBEHXZ", "public: Foo::operator int(void)const " },
    { 0x2, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: void std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x2, "?x@?1??f@@YAXXZ@4HA", "int `void f(void)'::`2'::x" },
    { 0x2, "?f@@YAXPFAH@Z", "void f(int *)" },
    { 0x2, "?x@@3P6AXXZA", "void (* x)(void)" },
    { 0x2, "?f@@YAP6AXXZXZ", "void (*f(void))(void)" },
    { 0x2, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void Foo::f`adjustor{8}' (void)" },
    { 0x2, "??_9Foo@@$B7AA", "[thunk]: Foo::`vcall'{8,{flat}}' }'" },
    { 0x2, "?f@Foo@@QEGAAXXZ", "public: void Foo::f(void)& " },
    { 0x4, "?f@@YAXPEAD@Z", "__cdecl f(char * __ptr64)" },
    { 0x4, "?get@Foo@@QEBAHXZ", "public: __cdecl Foo::get(void)const __ptr64" },
    { 0x4, "?v@Foo@@UEAAXXZ", "public: virtual __cdecl Foo::v(void) __ptr64" },
    { 0x4, "?s@Foo@@SAXXZ", "public: static __cdecl Foo::s(void)" },
    { 0x4, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: __thiscall std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x4, "?x@?1??f@@YAXXZ@4HA", "int `__cdecl f(void)'::`2'::x" },
    { 0x4, "?f@@YAXPFAH@Z", "__cdecl f(int __unaligned *)" },
    { 0x4, "?f@@YAP6AXXZXZ", "__cdecl f(void)" },
    { 0x4, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual __cdecl Foo::f`adjustor{8}' (void) __ptr64" },
    { 0x4, "?f@Foo@@QEGAAXXZ", "public: __cdecl Foo::f(void) __ptr64& " },
    { 0x10, "?f@@YAXPEAD@Z", "void f(char * __ptr64)" },
    { 0x10, "?get@Foo@@QEBAHXZ", "public: int Foo::get(void)const __ptr64" },
    { 0x10, "?v@Foo@@UEAAXXZ", "public: virtual void Foo::v(void) __ptr64" },
    { 0x10, "?s@Foo@@SAXXZ", "public: static void Foo::s(void)" },
    { 0x10, "??0Foo@@QEAA@AEBV0@@Z", "public: Foo::Foo(class Foo const & __ptr64) __ptr64" },
    { 0x10, "??BFoo@@QBEHXZ", "public: Foo::operator int(void)const " },
    { 0x10, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: void std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x10, "?x@?1??f@@YAXXZ@4HA", "int `void f(void)'::`2'::x" },
    { 0x10, "?f@@YAXPFAH@Z", "void f(int __unaligned *)" },
    { 0x10, "?f@@YAP6AXXZXZ", "void (__cdecl*f(void))(void)" },
    { 0x10, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void Foo::f`adjustor{8}' (void) __ptr64" },
    { 0x10, "??_9Foo@@$B7AA", "[thunk]: Foo::`vcall'{8,{flat}}' }'" },
    { 0x10, "?f@Foo@@QEGAAXXZ", "public: void Foo::f(void) __ptr64& " },
    { 0x60, "?get@Foo@@QEBAHXZ", "public: int __cdecl Foo::get(void)" },
    { 0x60, "?v@Foo@@UEAAXXZ", "public: virtual void __cdecl Foo::v(void)" },
    { 0x60, "??0Foo@@QEAA@AEBV0@@Z", "public: __cdecl Foo::Foo(class Foo const & __ptr64)" },
    { 0x60, "??BFoo@@QBEHXZ", "public: __thiscall Foo::operator int(void)" },
    { 0x60, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void __cdecl Foo::f`adjustor{8}' (void)" },
    { 0x60, "?f@Foo@@QEGAAXXZ", "public: void __cdecl Foo::f(void)" },
    { 0x80, "?x@Foo@@2HA", "static int Foo::x" },
    { 0x80, "?get@Foo@@QEBAHXZ", "int __cdecl Foo::get(void)const __ptr64" },
    { 0x80, "?v@Foo@@UEAAXXZ", "virtual void __cdecl Foo::v(void) __ptr64" },
    { 0x80, "?s@Foo@@SAXXZ", "static void __cdecl Foo::s(void)" },
    { 0x80, "??0Foo@@QEAA@AEBV0@@Z", "__cdecl Foo::Foo(class Foo const & __ptr64) __ptr64" },
    { 0x80, "??BFoo@@QBEHXZ", "__thiscall Foo::operator int(void)const " },
    { 0x80, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "void __thiscall std::vector<int,class std::allocator<int> >::f(void)" },
    { 0x80, "?f@Foo@@W7EAAXXZ", "virtual void __cdecl Foo::f`adjustor{8}' (void) __ptr64" },
    { 0x80, "??_9Foo@@$B7AA", "__cdecl Foo::`vcall'{8,{flat}}' }'" },
    { 0x80, "?f@Foo@@QEGAAXXZ", "void __cdecl Foo::f(void) __ptr64& " },
    { 0x200, "?x@Foo@@2HA", "public: int Foo::x" },
    { 0x200, "?v@Foo@@UEAAXXZ", "public: void __cdecl Foo::v(void) __ptr64" },
    { 0x200, "?s@Foo@@SAXXZ", "public: void __cdecl Foo::s(void)" },
    { 0x200, "?f@Foo@@W7EAAXXZ", "[thunk]:public: void __cdecl Foo::f`adjustor{8}' (void) __ptr64" },
    { 0x1000, "?x@@3PEBHEB", "x" },
    { 0x1000, "?x@Foo@@2HA", "Foo::x" },
    { 0x1000, "?f@@YAXPEAD@Z", "f" },
    { 0x1000, "?get@Foo@@QEBAHXZ", "Foo::get" },
    { 0x1000, "?v@Foo@@UEAAXXZ", "Foo::v" },
    { 0x1000, "?s@Foo@@SAXXZ", "Foo::s" },
    { 0x1000, "??0Foo@@QEAA@AEBV0@@Z", "Foo::Foo" },
    { 0x1000, "??_7Foo@@6BBar@@@", "Foo::`vftable'" },
    { 0x1000, "??BFoo@@QBEHXZ", "Foo::operator int" },
    { 0x1000, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "std::vector<int,std::allocator<int> >::f" },
    { 0x1000, "?x@?1??f@@YAXXZ@4HA", "`f'::`2'::x" },
    { 0x1000, "??_R0?AVFoo@@@8", "Foo `RTTI Type Descriptor'" },
    { 0x1000, "?f@@YAXPFAH@Z", "f" },
    { 0x1000, "?x@@3P6AXXZA", "x" },
    { 0x1000, "?f@@YAP6AXXZXZ", "f" },
    { 0x1000, "?f@Foo@@W7EAAXXZ", "Foo::f`adjustor{8}' " },
    { 0x1000, "??_9Foo@@$B7AA", "Foo::`vcall'{8,{flat}}' }'" },
    { 0x1000, "?f@Foo@@QEGAAXXZ", "Foo::f" },
    { 0x2000, "?x@@3PEBHEB", NULL },
    { 0x2000, "?x@Foo@@2HA", NULL },
    { 0x2000, "?f@@YAXPEAD@Z", NULL },
    { 0x2000, "?get@Foo@@QEBAHXZ", NULL },
    { 0x2000, "?v@Foo@@UEAAXXZ", NULL },
    { 0x2000, "?s@Foo@@SAXXZ", NULL },
    { 0x2000, "??0Foo@@QEAA@AEBV0@@Z", NULL },
    { 0x2000, "??_7Foo@@6BBar@@@", NULL },
    { 0x2000, "??BFoo@@QBEHXZ", NULL },
    { 0x2000, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", NULL },
    { 0x2000, "?x@?1??f@@YAXXZ@4HA", NULL },
    { 0x2000, "??_R0?AVFoo@@@8", NULL },
    { 0x2000, "?f@@YAXPFAH@Z", NULL },
    { 0x2000, "?x@@3P6AXXZA", NULL },
    { 0x2000, "?f@@YAP6AXXZXZ", NULL },
    { 0x2000, "?f@Foo@@W7EAAXXZ", NULL },
    { 0x2000, "??_9Foo@@$B7AA", NULL },
    { 0x2000, "?f@Foo@@QEGAAXXZ", NULL },
    { 0x2000, "?AVFoo@@", "class Foo" },
    { 0x2000, "?AV?$vector@HV?$allocator@H@std@@@std@@", "class std::vector<int,class std::allocator<int> >" },
    { 0x2000, "?AW4E@@", "enum E" },
    { 0x2000, "?BH", "int const" },
    { 0x2000, "?APAH", "int *" },
    { 0x8000, "??0Foo@@QEAA@AEBV0@@Z", "public: __cdecl Foo::Foo(Foo const & __ptr64) __ptr64" },
    { 0x8000, "?f@?$vector@HV?$allocator@H@std@@@std@@QAEXXZ", "public: void __thiscall std::vector<int,std::allocator<int> >::f(void)" },
    { 0x8000, "??_R0?AVFoo@@@8", "Foo `RTTI Type Descriptor'" },
    { 0x3, "?f@@YAP6AXXZXZ", "void (*f(void))(void)" },
    { 0x3, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void Foo::f`adjustor{8}' (void)" },
    { 0x3, "??_9Foo@@$B7AA", "[thunk]: Foo::`vcall'{8,{flat}}' }'" },
    { 0x3, "?f@Foo@@QEGAAXXZ", "public: void Foo::f(void)& " },
    { 0x20, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void __cdecl Foo::f`adjustor{8}' (void)" },
    { 0x20, "?f@Foo@@QEGAAXXZ", "public: void __cdecl Foo::f(void)" },
    { 0x40, "?f@Foo@@W7EAAXXZ", "[thunk]:public: virtual void __cdecl Foo::f`adjustor{8}' (void)" },
    { 0x40, "?f@Foo@@QEGAAXXZ", "public: void __cdecl Foo::f(void)" },
    { 0x1001, "?f@@YAP6AXXZXZ", "f" },
    { 0x1001, "?f@Foo@@W7EAAXXZ", "Foo::f`adjustor{8}' " },
    { 0x1001, "??_9Foo@@$B7AA", "Foo::`vcall'{8,{flat}}' }'" },
    { 0x1001, "?f@Foo@@QEGAAXXZ", "Foo::f" },
    { 0x1002, "?f@@YAP6AXXZXZ", "f" },
    { 0x1002, "?f@Foo@@W7EAAXXZ", "Foo::f`adjustor{8}' " },
    { 0x1002, "??_9Foo@@$B7AA", "Foo::`vcall'{8,{flat}}' }'" },
    { 0x1002, "?f@Foo@@QEGAAXXZ", "Foo::f" },
    { 0x1080, "?f@@YAP6AXXZXZ", "f" },
    { 0x1080, "?f@Foo@@W7EAAXXZ", "Foo::f`adjustor{8}' " },
    { 0x1080, "??_9Foo@@$B7AA", "Foo::`vcall'{8,{flat}}' }'" },
    { 0x1080, "?f@Foo@@QEGAAXXZ", "Foo::f" },
    { 0xa000, "?AVFoo@@", "Foo" },
    { 0x3000, "?AVFoo@@", "Foo" },
};

/* Microsoft names Wine 8.0 cannot undecorate; the text is Microsoft's
 * layout (llvm-undname prints the same). */
static const struct row ours_beyond_wine[] =
{
    { 0, "?f@@YQXXZ", "void __vectorcall f(void)" },
    { 0, "?f@?A0x1234@@YAXXZ", "void __cdecl `anonymous namespace'::f(void)" },
    { 0, "?f@@YAXUS@?A0xabcdef01@@@Z", "void __cdecl f(struct `anonymous namespace'::S)" },
    { 0x1000, "?f@?A0x1234@@YAXXZ", "`anonymous namespace'::f" },
    { 0, "?f@@YAX$$T@Z", "void __cdecl f(std::nullptr_t)" },
    { 0, "?f@@YAXPE6AXXZ@Z", "void __cdecl f(void (__cdecl* __ptr64)(void))" },
    { 0, "?f@@YAXA6AXXZ@Z", "void __cdecl f(void (__cdecl&)(void))" },
    { 0, "?f@@YAXW0E@@@Z", "void __cdecl f(enum E)" },
    /* UNDNAME_NO_PTR64 (0x20000): Wine passes only the low 16 bits on. */
    { 0x20000, "?x@@3PEBHEB", "int const * const x" },
    { 0x20000, "?get@Foo@@QEBAHXZ", "public: int __cdecl Foo::get(void)const " },
    { 0x20000, "??0Foo@@QEAA@AEBV0@@Z", "public: __cdecl Foo::Foo(class Foo const &)" },
};

/* Not decoded: the caller keeps the name. */
static const struct row not_decoded[] =
{
    { 0, "", NULL },
    { 0, "foo", NULL },
    { 0, "main", NULL },
    { 0, "?", NULL },
    { 0, "?@@", NULL },
    { 0, "?bad", NULL },
    { 0, "?x@@", NULL },
    { 0, "?x@@3", NULL },
    { 0, "?x@@3H", NULL },
    { 0, "?x@@3HA@", NULL },         /* trailing characters */
    { 0, "?f@@YAXXZZ", NULL },
    { 0, "?f@@YAXH0@Z", NULL },      /* one-letter types are not remembered */
    { 0, "?f@?$A@H@@QAEXV?$A@H@@V3@@Z", NULL }, /* back reference past the table */
    { 0, "?f@@YAXPAUB@@V?$A@0@@@Z", NULL },     /* templates have their own table */
    { 0, "??_B?1??f@@YAXXZ@51", NULL },
    { 0, "?f@@$$FYAXXZ", NULL },
    { 0x2000, "?f@@YAXXZ", NULL },   /* a function is no type */
    { 0, "?AVFoo@@", NULL },         /* a type is no symbol */
    { 0, "_Z", NULL },
    { 0, "_Z3", NULL },
    { 0, "_Zfoo", NULL },
    { 0, "_Z3foovX", NULL },
    { 0, "_Z1fLi3E", NULL },
    { 0, "_ZGR1x_", NULL },
    { 0, "_Z1fIXadL_Z1xEEEvv", NULL }, /* expressions are not supported */
    { 0, "_Z1fIiEDTcl1gfp_EET_", NULL },
    { 0, "_Z1fPDpi", NULL },
    { 0, "___Z3fooi", NULL },
    { 0, "_ZN3foo3barEvE", NULL },
    { 0, "_Z3foo99", NULL },
    { 0, "_Z1fS0_", NULL },
    { 0, "_Z1fT_", NULL },
};

static const struct row itanium_rows[] =
{
    { 0x0, "_Z3fooi", "foo(int)" },
    { 0x0, "_Z3foov", "foo()" },
    { 0x0, "_ZN3foo3barEv", "foo::bar()" },
    { 0x0, "_ZNK3foo3barEv", "foo::bar() const" },
    { 0x0, "_ZN3fooC1Ev", "foo::foo()" },
    { 0x0, "_ZN3fooC2ERKS_", "foo::foo(foo const&)" },
    { 0x0, "_ZN3fooD0Ev", "foo::~foo()" },
    { 0x0, "_ZN3fooD2Ev", "foo::~foo()" },
    { 0x0, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back(int const&)" },
    { 0x0, "_Z3maxIiET_S0_S0_", "int max<int>(int, int)" },
    { 0x0, "_Z1fPi", "f(int*)" },
    { 0x0, "_Z1fPKc", "f(char const*)" },
    { 0x0, "_Z1fRi", "f(int&)" },
    { 0x0, "_Z1fOi", "f(int&&)" },
    { 0x0, "_Z1fPFviE", "f(void (*)(int))" },
    { 0x0, "_Z1fRA10_i", "f(int (&) [10])" },
    { 0x0, "_Z1fM1AFivE", "f(int (A::*)())" },
    { 0x0, "_Z1fM1Ai", "f(int A::*)" },
    { 0x0, "_Z1fSs", "f(std::basic_string<char, std::char_traits<char>, std::allocator<char> >)" },
    { 0x0, "_ZNSs4sizeEv", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::size()" },
    { 0x0, "_ZNSsC1Ev", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string()" },
    { 0x0, "_ZNSsC1EPKcRKSaIcE", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string(char const*, std::allocator<char> const&)" },
    { 0x0, "_Z1fSiSoSd", "f(std::basic_istream<char, std::char_traits<char> >, std::basic_ostream<char, std::char_traits<char> >, std::basic_iostream<char, std::char_traits<char> >)" },
    { 0x0, "_ZZ4mainE1x", "main::x" },
    { 0x0, "_ZZ4mainvE1x", "main()::x" },
    { 0x0, "_ZZ4mainvE1x_0", "main()::x" },
    { 0x0, "_ZplRK1AS1_", "operator+(A const&, A const&)" },
    { 0x0, "_ZN1AclEv", "A::operator()()" },
    { 0x0, "_ZN1AcviEv", "A::operator int()" },
    { 0x0, "_Znwm", "operator new(unsigned long)" },
    { 0x0, "_Znam", "operator new[](unsigned long)" },
    { 0x0, "_ZdlPv", "operator delete(void*)" },
    { 0x0, "_ZdaPv", "operator delete[](void*)" },
    { 0x0, "_ZTV1A", "vtable for A" },
    { 0x0, "_ZTI1A", "typeinfo for A" },
    { 0x0, "_ZTS1A", "typeinfo name for A" },
    { 0x0, "_ZTT1A", "VTT for A" },
    { 0x0, "_ZThn8_N1A1fEv", "non-virtual thunk to A::f()" },
    { 0x0, "_ZTv0_n24_N1A1fEv", "virtual thunk to A::f()" },
    { 0x0, "_ZGVZ4mainE1x", "guard variable for main::x" },
    { 0x0, "_Z1fILi3EEvv", "void f<3>()" },
    { 0x0, "_Z1fILb1EEvv", "void f<true>()" },
    { 0x0, "_Z1fILj3EEvv", "void f<3u>()" },
    { 0x0, "_Z1fILl3EEvv", "void f<3l>()" },
    { 0x0, "_Z1fILm3EEvv", "void f<3ul>()" },
    { 0x0, "_Z1fILx3EEvv", "void f<3ll>()" },
    { 0x0, "_Z1fILy3EEvv", "void f<3ull>()" },
    { 0x0, "_Z1fILc65EEvv", "void f<(char)65>()" },
    { 0x0, "_Z1fILin3EEvv", "void f<-3>()" },
    { 0x0, "_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE4sizeEv", "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::size() const" },
    { 0x0, "_Z3fooB5cxx11v", "foo[abi:cxx11]()" },
    { 0x0, "_Z3fooi.cold", "foo(int) [clone .cold]" },
    { 0x0, "_Z3fooi.isra.0", "foo(int) [clone .isra.0]" },
    { 0x0, "_Z3fooi.constprop.0.isra.0", "foo(int) [clone .constprop.0] [clone .isra.0]" },
    { 0x0, "_Z3fooi.part.0", "foo(int) [clone .part.0]" },
    { 0x0, "_Z1fIJidEEvDpT_", "void f<int, double>(int, double)" },
    { 0x0, "_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()() const" },
    { 0x0, "_ZZ4mainENKUliE0_clEi", "main::{lambda(int)#2}::operator()(int) const" },
    { 0x0, "_ZN12_GLOBAL__N_13fooEv", "(anonymous namespace)::foo()" },
    { 0x0, "_Z1fDn", "f(decltype(nullptr))" },
    { 0x0, "_Z1fwbcahstijlmxynofdegz", "f(wchar_t, bool, char, signed char, unsigned char, short, unsigned short, int, unsigned int, long, unsigned long, long long, unsigned long long, __int128, unsigned __int128, float, double, long double, __float128, ...)" },
    { 0x0, "_Z1fPVKi", "f(int const volatile*)" },
    { 0x0, "_ZNR1A1fEv", "A::f() &" },
    { 0x0, "_ZNO1A1fEv", "A::f() &&" },
    { 0x0, "_ZNKR1A1fEv", "A::f() const &" },
    { 0x0, "_Z1fPFPFivEvE", "f(int (*(*)())())" },
    { 0x0, "_Z1fPA10_i", "f(int (*) [10])" },
    { 0x0, "_Z1fA10_A20_i", "f(int [10][20])" },
    { 0x0, "_Z1fRKA10_i", "f(int const (&) [10])" },
    { 0x0, "_Z1fM1AKFivE", "f(int (A::*)() const)" },
    { 0x0, "_ZN1A1BIiE1fIdEEvT_", "void A::B<int>::f<double>(double)" },
    { 0x0, "_ZN1AIiE1fEv", "A<int>::f()" },
    { 0x0, "_ZN1AIiEC1Ev", "A<int>::A()" },
    { 0x0, "_ZN1AIiED1Ev", "A<int>::~A()" },
    { 0x0, "_ZNSt8ios_base4InitC1Ev", "std::ios_base::Init::Init()" },
    { 0x0, "_ZSt4cout", "std::cout" },
    { 0x0, "_ZN3foo1xE", "foo::x" },
    { 0x0, "_ZL3barv", "bar()" },
    { 0x0, "_ZN1AixEi", "A::operator[](int)" },
    { 0x0, "_ZN1AaSERKS_", "A::operator=(A const&)" },
    { 0x0, "_ZN1AeqERKS_", "A::operator==(A const&)" },
    { 0x0, "_ZN1AneERKS_", "A::operator!=(A const&)" },
    { 0x0, "_ZN1AltERKS_", "A::operator<(A const&)" },
    { 0x0, "_ZN1AppEv", "A::operator++()" },
    { 0x0, "_ZN1AppEi", "A::operator++(int)" },
    { 0x0, "_ZN1AdeEv", "A::operator*()" },
    { 0x0, "_ZN1AptEv", "A::operator->()" },
    { 0x0, "_ZN1AntEv", "A::operator!()" },
    { 0x0, "_ZN1AcoEv", "A::operator~()" },
    { 0x0, "_ZN1AlsEi", "A::operator<<(int)" },
    { 0x0, "_ZN1ArsEi", "A::operator>>(int)" },
    { 0x0, "_ZN1ApLEi", "A::operator+=(int)" },
    { 0x0, "_ZN1AmIEi", "A::operator-=(int)" },
    { 0x0, "_ZN1AaaEb", "A::operator&&(bool)" },
    { 0x0, "_ZN1AooEb", "A::operator||(bool)" },
    { 0x0, "_ZN1AcmEi", "A::operator,(int)" },
    { 0x0, "_ZN1AnwEm", "A::operator new(unsigned long)" },
    { 0x0, "_ZN1AdlEPv", "A::operator delete(void*)" },
    { 0x0, "_ZN1AcvPKcEv", "A::operator char const*()" },
    { 0x0, "_Z1fIiEvT_", "void f<int>(int)" },
    { 0x0, "_ZN9__gnu_cxx13new_allocatorIcE8allocateEmPKv", "__gnu_cxx::new_allocator<char>::allocate(unsigned long, void const*)" },
    { 0x0, "_ZNSt3mapIiSsSt4lessIiESaISt4pairIKiSsEEEixERS3_", "std::map<int, std::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::less<int>, std::allocator<std::pair<int const, std::basic_string<char, std::char_traits<char>, std::allocator<char> > > > >::operator[](int const&)" },
    { 0x0, "_Z5printIJEEvDpT_", "void print<>()" },
    { 0x0, "_Z1fIJEEvDpT_", "void f<>()" },
    { 0x0, "_ZTC1B0_1A", "construction vtable for A-in-B" },
    { 0x0, "_ZTIPKc", "typeinfo for char const*" },
    { 0x0, "_ZTW1x", "TLS wrapper function for x" },
    { 0x0, "_ZTH1x", "TLS init function for x" },
    { 0x0, "_ZGR1x_", NULL },
    { 0x0, "_Z1fU3fooi", "f(int foo)" },
    { 0x0, "_ZN1AUt_E", "A::{unnamed type#1}" },
    { 0x0, "_Z1fN1AUt_E", "f(A::{unnamed type#1})" },
    { 0x0, "_Z1fPu6__int8", "f(__int8*)" },
    { 0x0, "_ZNSaIcED2Ev", "std::allocator<char>::~allocator()" },
    { 0x0, "_ZNSt6vectorIiSaIiEEixEm", "std::vector<int, std::allocator<int> >::operator[](unsigned long)" },
    { 0x0, "_Z1fIiiEvT_T0_", "void f<int, int>(int, int)" },
    { 0x0, "_Z1fIPiEvT_", "void f<int*>(int*)" },
    { 0x0, "_Z1fSt6vectorIiSaIiEE", "f(std::vector<int, std::allocator<int> >)" },
    { 0x0, "_Z1fPFvvEPFviE", "f(void (*)(), void (*)(int))" },
    { 0x0, "_Z1fPKFvvE", "f(void (*)() const)" },
    { 0x0, "_Z1fRFvvE", "f(void (&)())" },
    { 0x0, "_ZNK1A1fEv.cold", "A::f() const [clone .cold]" },
    { 0x0, "_Z3foov.cold.1", "foo() [clone .cold.1]" },
    { 0x0, "_Z3foov.123", "foo() [clone .123]" },
    { 0x0, "_Z3foovX", NULL },
    { 0x0, "_Z", NULL },
    { 0x0, "_Z3", NULL },
    { 0x0, "_Zfoo", NULL },
    { 0x0, "_Z1fIiE", "f<int>" },
    { 0x0, "_Z1fLi3E", NULL },
    { 0x0, "_Z1fDv4_f", "f(float __vector(4))" },
    { 0x0, "_Z1fDF16_", "f(_Float16)" },
    { 0x0, "_Z1fDa", "f(auto)" },
    { 0x0, "_Z1fDc", "f(decltype(auto))" },
    { 0x0, "_Z1fDi", "f(char32_t)" },
    { 0x0, "_Z1fDs", "f(char16_t)" },
    { 0x0, "_Z1fDu", "f(char8_t)" },
    { 0x0, "_Z1fCi", "f(int _Complex)" },
    { 0x0, "_Z1fGi", "f(int _Imaginary)" },
    { 0x0, "_Z1fIL_Z1xEEvv", "void f<x>()" },
    { 0x0, "_Z1fILPv0EEvv", "void f<(void*)0>()" },
    { 0x0, "_Z1fIfEvv", "void f<float>()" },
    { 0x0, "_Z1fILf3f800000EEvv", "void f<(float)[3f800000]>()" },
    { 0x1000, "_ZNK3foo3barEv", "foo::bar" },
    { 0x1000, "_ZN3fooC1Ev", "foo::foo" },
    { 0x1000, "_ZN3fooD2Ev", "foo::~foo" },
    { 0x1000, "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back" },
    { 0x1000, "_Z3maxIiET_S0_S0_", "max<int>" },
    { 0x1000, "_ZZ4mainvE1x", "main()::x" },
    { 0x1000, "_ZN1AcviEv", "A::operator int" },
    { 0x1000, "_Znwm", "operator new" },
    { 0x1000, "_ZTV1A", "vtable for A" },
    { 0x1000, "_ZThn8_N1A1fEv", "non-virtual thunk to A::f()" },
    { 0x1000, "_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE4sizeEv", "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::size" },
    { 0x1000, "_Z3fooi.cold", "foo" },
    { 0x1000, "_Z1fIJidEEvDpT_", "f<int, double>" },
    { 0x1000, "_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()" },
    { 0x1000, "_ZSt4cout", "std::cout" },
    { 0x0, "_ZNSt7__cxx1117moneypunct_bynameIwLb0EED0Ev", "std::__cxx11::moneypunct_byname<wchar_t, false>::~moneypunct_byname()" },
    { 0x0, "_ZNSt17moneypunct_bynameIwLb0EEC1ERKSsy", "std::moneypunct_byname<wchar_t, false>::moneypunct_byname(std::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, unsigned long long)" },
    { 0x0, "_ZTVSt11logic_error", "vtable for std::logic_error" },
    { 0x0, "_ZNSirsERe", "std::basic_istream<char, std::char_traits<char> >::operator>>(long double&)" },
    { 0x0, "_ZNKSt8messagesIcE18_M_convert_to_charERKSs", "std::messages<char>::_M_convert_to_char(std::basic_string<char, std::char_traits<char>, std::allocator<char> > const&) const" },
    { 0x0, "_ZN9__gnu_cxx17__pool_alloc_base12_S_heap_sizeE", "__gnu_cxx::__pool_alloc_base::_S_heap_size" },
    { 0x0, "_ZTSSt10ctype_base", "typeinfo name for std::ctype_base" },
    { 0x0, "_ZTISt21__ctype_abstract_baseIwE", "typeinfo for std::__ctype_abstract_base<wchar_t>" },
    { 0x0, "_ZNKSsixEm", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::operator[](unsigned long) const" },
    { 0x0, "_ZNKSbIwSt11char_traitsIwESaIwEE13find_first_ofEwy", "std::basic_string<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >::find_first_of(wchar_t, unsigned long long) const" },
    { 0x0, "_ZNSoC2Ev", "std::basic_ostream<char, std::char_traits<char> >::basic_ostream()" },
    { 0x0, "_ZN10__cxxabiv116__enum_type_infoD1Ev", "__cxxabiv1::__enum_type_info::~__enum_type_info()" },
    { 0x0, "_ZZNSt10filesystem4path10_S_convertIcEEDaPKT_S4_EN5_UCvtD1Ev", "std::filesystem::path::_S_convert<char>(char const*, char const*)::_UCvt::~_UCvt()" },
    { 0x0, "_ZN11__gnu_debug30_Safe_unordered_container_base15_M_detach_localEPNS_19_Safe_iterator_baseE", "__gnu_debug::_Safe_unordered_container_base::_M_detach_local(__gnu_debug::_Safe_iterator_base*)" },
    { 0x0, "_ZTVNSt10filesystem16filesystem_errorE", "vtable for std::filesystem::filesystem_error" },
    { 0x0, "_ZGTtNKSt11logic_error4whatEv", "transaction clone for std::logic_error::what() const" },
    { 0x0, "_ZN14__gnu_internal9get_mutexEh", "__gnu_internal::get_mutex(unsigned char)" },
    { 0x0, "_ZSt9has_facetISt5ctypeIcEEbRKSt6locale", "bool std::has_facet<std::ctype<char> >(std::locale const&)" },
    { 0x0, "_ZNSt6locale5_Impl11_S_id_ctypeE", "std::locale::_Impl::_S_id_ctype" },
    { 0x0, "_ZTINSt7__cxx1119basic_istringstreamIwSt11char_traitsIwESaIwEEE", "typeinfo for std::__cxx11::basic_istringstream<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >" },
    { 0x0, "_ZNSbIwSt11char_traitsIwESaIwEEpLEPKw", "std::basic_string<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >::operator+=(wchar_t const*)" },
    { 0x0, "_ZTSPw", "typeinfo name for wchar_t*" },
    { 0x0, "_ZNSt3pmr28unsynchronized_pool_resourceC2ERKNS_12pool_optionsEPNS_15memory_resourceE", "std::pmr::unsynchronized_pool_resource::unsynchronized_pool_resource(std::pmr::pool_options const&, std::pmr::memory_resource*)" },
    { 0x0, "_ZSt17rethrow_exceptionNSt15__exception_ptr13exception_ptrE", "std::rethrow_exception(std::__exception_ptr::exception_ptr)" },
    { 0x0, "_ZTTSt14basic_ofstreamIcSt11char_traitsIcEE", "VTT for std::basic_ofstream<char, std::char_traits<char> >" },
    { 0x0, "_ZSt16__throw_bad_castv", "std::__throw_bad_cast()" },
    { 0x0, "_ZSt18_Rb_tree_incrementPSt18_Rb_tree_node_base", "std::_Rb_tree_increment(std::_Rb_tree_node_base*)" },
    { 0x0, "_ZNSt9basic_iosIwSt11char_traitsIwEE8setstateESt12_Ios_Iostate", "std::basic_ios<wchar_t, std::char_traits<wchar_t> >::setstate(std::_Ios_Iostate)" },
    { 0x0, "_ZNSt8numpunctIwEC2EPSt16__numpunct_cacheIwEm", "std::numpunct<wchar_t>::numpunct(std::__numpunct_cache<wchar_t>*, unsigned long)" },
    { 0x0, "_ZTSPDe", "typeinfo name for decimal128*" },
    { 0x0, "_ZTv0_n24_NSoD1Ev", "virtual thunk to std::basic_ostream<char, std::char_traits<char> >::~basic_ostream()" },
    { 0x0, "_ZNSs10_S_compareEmm", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::_S_compare(unsigned long, unsigned long)" },
    { 0x0, "_ZNSi6ignoreEli", "std::basic_istream<char, std::char_traits<char> >::ignore(long, int)" },
    { 0x0, "_ZnwySt11align_val_t", "operator new(unsigned long long, std::align_val_t)" },
    { 0x0, "_ZNSsC1ERKSaIcE", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string(std::allocator<char> const&)" },
    { 0x0, "_ZNSt5ctypeIcE13classic_tableEv", "std::ctype<char>::classic_table()" },
    { 0x0, "_ZNSo6sentryC1ERSo", "std::basic_ostream<char, std::char_traits<char> >::sentry::sentry(std::basic_ostream<char, std::char_traits<char> >&)" },
    { 0x0, "_ZNSo5seekpESt4fposIiE", "std::basic_ostream<char, std::char_traits<char> >::seekp(std::fpos<int>)" },
    { 0x0, "_ZSt13__int_to_charIcyEiPT_T0_PKS0_St13_Ios_Fmtflagsb", "int std::__int_to_char<char, unsigned long long>(char*, unsigned long long, char const*, std::_Ios_Fmtflags, bool)" },
    { 0x0, "_ZTIPKDu", "typeinfo for char8_t const*" },
    /* mingw i686 symbols carry an extra underscore (i686 c++filt strips it) */
    { 0, "__Z3fooi", "foo(int)" },
    { 0, "_ZN3fooE", "foo" },
    { 0x1000, "__ZN3foo3barEv", "foo::bar" },
};

static unsigned passed, failed;

static void check(int ok, const char *table, size_t row, const char *fmt, const char *a, const char *b)
{
    if (ok)
    {
        passed++;
        return;
    }
    failed++;
    printf("FAIL %s[%zu]: ", table, row);
    printf(fmt, a, b);
    printf("\n");
}

static void run_table(const char *table, const struct row *rows, size_t count)
{
    char out[1024];
    size_t i, len;

    for (i = 0; i < count; i++)
    {
        memset(out, 0x55, sizeof(out));
        len = undname_demangle(rows[i].mangled, out, sizeof(out), rows[i].flags);
        if (!rows[i].expected)
        {
            check(len == 0 && (unsigned char)out[0] == 0x55, table, i,
                  "%s: expected no undecoration, got \"%s\"", rows[i].mangled, len ? out : "");
            continue;
        }
        check(len == strlen(rows[i].expected) && !strcmp(out, rows[i].expected), table, i,
              "%s -> \"%s\"", rows[i].mangled, len ? out : "(0)");
        if (len != strlen(rows[i].expected) || strcmp(out, rows[i].expected))
            printf("     expected \"%s\" (flags 0x%x)\n", rows[i].expected, rows[i].flags);
    }
}

/* The snprintf-like contract: truncation, sizes 0 and 1, NULL buffers. */
static void test_buffers(void)
{
    static const char name[] = "?f@@YAXXZ", text[] = "void __cdecl f(void)";
    char out[64];
    size_t len;

    memset(out, 'x', sizeof(out));
    len = undname_demangle(name, out, 5, 0);
    check(len == strlen(text) && !strcmp(out, "void") && out[5] == 'x', "buffers", 0,
          "truncated to 5: %s / %s", out, "");
    memset(out, 'x', sizeof(out));
    len = undname_demangle(name, out, 1, 0);
    check(len == strlen(text) && out[0] == 0 && out[1] == 'x', "buffers", 1, "size 1%s%s", "", "");
    memset(out, 'x', sizeof(out));
    len = undname_demangle(name, out, 0, 0);
    check(len == strlen(text) && out[0] == 'x', "buffers", 2, "size 0%s%s", "", "");
    len = undname_demangle(name, NULL, 0, 0);
    check(len == strlen(text), "buffers", 3, "NULL buffer%s%s", "", "");
    len = undname_demangle(NULL, out, sizeof(out), 0);
    check(len == 0, "buffers", 4, "NULL name%s%s", "", "");
    memset(out, 'x', sizeof(out));
    len = undname_demangle("_Z3fooi", out, 4, 0);
    check(len == 8 && !strcmp(out, "foo"), "buffers", 5, "itanium truncated: %s%s", out, "");
    memset(out, 'x', sizeof(out));
    len = undname_demangle(name, out, strlen(text) + 1, 0);
    check(len == strlen(text) && !strcmp(out, text), "buffers", 6, "exact fit: %s%s", out, "");
}

/* Every prefix and random mutations of every table name: no crash, no read
 * past the string (ASan), no leak. */
static void test_robustness(void)
{
    static const char alphabet[] = "?@$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz.";
    const struct row *tables[] = { msvc_rows, itanium_rows, ours_beyond_wine };
    const size_t counts[] = { sizeof(msvc_rows) / sizeof(msvc_rows[0]),
                              sizeof(itanium_rows) / sizeof(itanium_rows[0]),
                              sizeof(ours_beyond_wine) / sizeof(ours_beyond_wine[0]) };
    unsigned seed = 1, calls = 0;
    size_t t, i, k, n;
    char out[128];

    for (t = 0; t < 3; t++)
    {
        for (i = 0; i < counts[t]; i++)
        {
            const char *name = tables[t][i].mangled;
            size_t len = strlen(name);

            for (n = 0; n <= len; n++)
            {
                /* an exact-size heap copy, so that ASan sees any overread */
                char *copy = malloc(n + 1);

                memcpy(copy, name, n);
                copy[n] = 0;
                undname_demangle(copy, out, sizeof(out), tables[t][i].flags);
                free(copy);
                calls++;
            }
            for (k = 0; k < 8 && len; k++)
            {
                char *copy = malloc(len + 1);

                memcpy(copy, name, len + 1);
                seed = seed * 1103515245u + 12345u;
                copy[(seed >> 8) % len] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
                undname_demangle(copy, out, 1 + (seed >> 4) % sizeof(out), (seed & 1) ? 0 : (seed >> 3) & 0x3ffff);
                free(copy);
                calls++;
            }
        }
    }
    check(calls > 0, "robustness", 0, "no calls%s%s", "", "");
}

/* Hostile shapes: deep nesting must fail, not overflow the stack; a name
 * whose text doubles at each substitution must fail, fast. */
static void test_limits(void)
{
    char *big = malloc(1 << 20), *p, out[64];
    clock_t start = clock();
    size_t len;
    int i;

    if (!big) abort();
    p = big + sprintf(big, "?f@@YAX");
    for (i = 0; i < 100000; i++) p += sprintf(p, "PA");
    sprintf(p, "H@Z");
    len = undname_demangle(big, out, sizeof(out), 0);
    check(len == 0, "limits", 0, "deep MSVC pointers%s%s", "", "");

    p = big + sprintf(big, "?f@@YAX");
    for (i = 0; i < 100000; i++) p += sprintf(p, "V?$A@");
    len = undname_demangle(big, out, sizeof(out), 0);
    check(len == 0, "limits", 1, "deep MSVC templates%s%s", "", "");

    p = big + sprintf(big, "_Z1f");
    for (i = 0; i < 100000; i++) *p++ = 'P';
    strcpy(p, "i");
    len = undname_demangle(big, out, sizeof(out), 0);
    check(len == 0, "limits", 2, "deep Itanium pointers%s%s", "", "");

    /* A, std::pair<A, A>, then pair<previous, previous> 40 times: 2^40. */
    p = big + sprintf(big, "_Z1f1ASt4pairIS_S_E");
    for (i = 1; i <= 40; i++) p += sprintf(p, "S0_IS%X_S%X_E", i, i);
    len = undname_demangle(big, out, sizeof(out), 0);
    check(len == 0, "limits", 3, "exponential Itanium text%s%s", "", "");
    check(clock() - start < 5 * CLOCKS_PER_SEC, "limits", 4, "limits took too long%s%s", "", "");

    /* Moderate depth still works. */
    p = big + sprintf(big, "_Z1f");
    for (i = 0; i < 50; i++) *p++ = 'P';
    strcpy(p, "i");
    len = undname_demangle(big, out, sizeof(out), 0);
    check(len == strlen("f(int)") + 50, "limits", 5, "50 pointers: %s%s", out, "");
    free(big);
}

int main(void)
{
    run_table("msvc_rows", msvc_rows, sizeof(msvc_rows) / sizeof(msvc_rows[0]));
    run_table("ours_beyond_wine", ours_beyond_wine, sizeof(ours_beyond_wine) / sizeof(ours_beyond_wine[0]));
    run_table("not_decoded", not_decoded, sizeof(not_decoded) / sizeof(not_decoded[0]));
    run_table("itanium_rows", itanium_rows, sizeof(itanium_rows) / sizeof(itanium_rows[0]));
    test_buffers();
    test_robustness();
    test_limits();
    printf("undname_tests: %u passed, %u failed (%zu MSVC rows, %zu Itanium rows)\n", passed, failed,
           sizeof(msvc_rows) / sizeof(msvc_rows[0]) + sizeof(ours_beyond_wine) / sizeof(ours_beyond_wine[0]),
           sizeof(itanium_rows) / sizeof(itanium_rows[0]));
    return failed ? 1 : 0;
}
