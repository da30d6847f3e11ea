/*
 * undname.h: C++ symbol undecoration, portable (no windows.h).
 *
 * One entry point turns a decorated name into readable text:
 *   - Microsoft (MSVC) decorated names, "?name@scope@@...": the layout of
 *     Microsoft's UnDecorateSymbolName, flags included;
 *   - Itanium C++ ABI names (g++, clang, mingw), "_Z..." and the i686 COFF
 *     form "__Z...": the text of binutils' c++filt.
 * Used by UnDecorateSymbolName(W) and for SYMOPT_UNDNAME.
 */
#ifndef UNDNAME_H
#define UNDNAME_H

#include <stddef.h>

/* The flags of UnDecorateSymbolName (values from Microsoft's dbghelp.h). */
#ifndef UNDNAME_COMPLETE
#define UNDNAME_COMPLETE               0x0000
#endif
#ifndef UNDNAME_NO_LEADING_UNDERSCORES
#define UNDNAME_NO_LEADING_UNDERSCORES 0x0001 /* "cdecl" for "__cdecl" */
#endif
#ifndef UNDNAME_NO_MS_KEYWORDS
#define UNDNAME_NO_MS_KEYWORDS         0x0002 /* no calling conventions, __ptr64... */
#endif
#ifndef UNDNAME_NO_FUNCTION_RETURNS
#define UNDNAME_NO_FUNCTION_RETURNS    0x0004
#endif
#ifndef UNDNAME_NO_ALLOCATION_MODEL
#define UNDNAME_NO_ALLOCATION_MODEL    0x0008 /* accepted, nothing to drop */
#endif
#ifndef UNDNAME_NO_ALLOCATION_LANGUAGE
#define UNDNAME_NO_ALLOCATION_LANGUAGE 0x0010 /* no calling convention */
#endif
#ifndef UNDNAME_NO_MS_THISTYPE
#define UNDNAME_NO_MS_THISTYPE         0x0020
#endif
#ifndef UNDNAME_NO_CV_THISTYPE
#define UNDNAME_NO_CV_THISTYPE         0x0040
#endif
#ifndef UNDNAME_NO_THISTYPE
#define UNDNAME_NO_THISTYPE            0x0060 /* no "const" etc. after the arguments */
#endif
#ifndef UNDNAME_NO_ACCESS_SPECIFIERS
#define UNDNAME_NO_ACCESS_SPECIFIERS   0x0080 /* no "public: ", "[thunk]:" */
#endif
#ifndef UNDNAME_NO_THROW_SIGNATURES
#define UNDNAME_NO_THROW_SIGNATURES    0x0100 /* accepted, nothing to drop */
#endif
#ifndef UNDNAME_NO_MEMBER_TYPE
#define UNDNAME_NO_MEMBER_TYPE         0x0200 /* no "static ", "virtual " */
#endif
#ifndef UNDNAME_NO_RETURN_UDT_MODEL
#define UNDNAME_NO_RETURN_UDT_MODEL    0x0400 /* accepted, nothing to drop */
#endif
#ifndef UNDNAME_32_BIT_DECODE
#define UNDNAME_32_BIT_DECODE          0x0800 /* accepted, nothing to change */
#endif
#ifndef UNDNAME_NAME_ONLY
#define UNDNAME_NAME_ONLY              0x1000 /* [scope::]name<template args> */
#endif
/* Documented as "do not undecorate function arguments", but Microsoft's
 * undecorator (and Wine's) take it as its C runtime's UNDNAME_TYPE_ONLY: the
 * input is a type encoding, "?AVFoo@@" gives "class Foo".  So do we. */
#ifndef UNDNAME_NO_ARGUMENTS
#define UNDNAME_NO_ARGUMENTS           0x2000
#endif
#ifndef UNDNAME_NO_SPECIAL_SYMS
#define UNDNAME_NO_SPECIAL_SYMS        0x4000 /* accepted, nothing to drop */
#endif
/* Not in dbghelp.h, from the undecorator of Microsoft's C runtime. */
#ifndef UNDNAME_NO_ECSU
#define UNDNAME_NO_ECSU                0x8000 /* no "class ", "struct "... */
#endif
#ifndef UNDNAME_NO_PTR64
#define UNDNAME_NO_PTR64               0x20000 /* no "__ptr64" */
#endif

/*
 * Undecorate `mangled` (NUL-terminated).  Writes the result NUL-terminated
 * to `out` (at most out_size - 1 characters, nothing when out_size is 0)
 * and returns the length of the whole result, like snprintf.  Returns 0
 * when `mangled` is NULL or not a decorated name this code decodes (the
 * caller keeps the name unchanged); `out` is then left untouched.
 *
 * For Itanium names only UNDNAME_NAME_ONLY has an effect: the name without
 * parameters, return type or clone suffix, like `c++filt -p`.
 * Thread-safe; allocates temporary memory with malloc and frees it.
 */
size_t undname_demangle(const char *mangled, char *out, size_t out_size, unsigned flags);

#endif /* UNDNAME_H */
