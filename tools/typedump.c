/*
 * typedump.c: the structs, unions and classes of an image as the dbghelp
 * the loader picks reports them, for tools/compare-gdb-types.sh.
 *
 *   typedump.exe FILE.dll [NAME...]
 *
 * Every UDT SymEnumTypesW lists (or those named), one block each:
 *   udt KIND NAME size N
 *   member OFFSET_BITS SIZE_BYTES [WIDTH_BITS]
 * (KIND struct, class or union)
 * for each non-static data member in order: its offset in bits (a bitfield:
 * its unit's offset * 8 + its bit position), the size of its type in
 * bytes, and a bitfield's width.  Declarations (size 0, no members) are
 * left out; a name with several definitions of different sizes or member
 * counts is printed once more as "ambiguous NAME" (which definition
 * another reader means by the name is then unknown).
 */
#include <windows.h>
#include <shellapi.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "symtools.h"

#define DUMP_HANDLE ((HANDLE)(ULONG_PTR)0xd0e7d003)
#define MAX_KIDS 4096

typedef BOOL (WINAPI *enum_types_w_fn)(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);

struct dump_ctx
{
    DWORD64 base;
    WCHAR **names;
    int nnames;
    WCHAR **seen;
    ULONG *sizes;
    DWORD *nkids;
    char *ambiguous;
    size_t nseen, cap;
};

static BOOL info(DWORD64 base, DWORD id, IMAGEHLP_SYMBOL_TYPE_INFO req, void *out)
{
    return SymGetTypeInfo(DUMP_HANDLE, base, id, req, out);
}

static BOOL seen_before(struct dump_ctx *ctx, const WCHAR *name, ULONG size, DWORD nkids)
{
    size_t i;

    for (i = 0; i < ctx->nseen; i++)
        if (!wcscmp(ctx->seen[i], name))
        {
            if ((ctx->sizes[i] != size || ctx->nkids[i] != nkids) && !ctx->ambiguous[i])
            {
                char buf[1024];

                ctx->ambiguous[i] = 1;
                printf("ambiguous %s\n", st_utf8(name, buf, sizeof(buf)));
            }
            return TRUE;
        }
    if (ctx->nseen == ctx->cap)
    {
        size_t cap = ctx->cap ? ctx->cap * 2 : 1024;
        WCHAR **grown = realloc(ctx->seen, cap * sizeof(*grown));

        ULONG *sizes;
        DWORD *nk;
        char *amb;

        if (!grown) return TRUE;
        ctx->seen = grown;
        if (!(sizes = realloc(ctx->sizes, cap * sizeof(*sizes)))) return TRUE;
        ctx->sizes = sizes;
        if (!(nk = realloc(ctx->nkids, cap * sizeof(*nk)))) return TRUE;
        ctx->nkids = nk;
        if (!(amb = realloc(ctx->ambiguous, cap))) return TRUE;
        ctx->ambiguous = amb;
        ctx->cap = cap;
    }
    ctx->sizes[ctx->nseen] = size;
    ctx->nkids[ctx->nseen] = nkids;
    ctx->ambiguous[ctx->nseen] = 0;
    ctx->seen[ctx->nseen++] = _wcsdup(name);
    return FALSE;
}

static ULONG64 type_size(DWORD64 base, DWORD id)
{
    ULONG64 len = 0;
    DWORD tag, hops;

    /* Typedefs have no length (as in Microsoft's DLL): follow them. */
    for (hops = 0; hops < 16 && info(base, id, TI_GET_SYMTAG, &tag) && tag == 17; hops++)
        if (!info(base, id, TI_GET_TYPE, &id)) return 0;
    info(base, id, TI_GET_LENGTH, &len);
    return len;
}

static BOOL CALLBACK dump_udt(PSYMBOL_INFOW si, ULONG size, PVOID user)
{
    struct dump_ctx *ctx = user;
    char name[1024];
    char buf[sizeof(TI_FINDCHILDREN_PARAMS) + MAX_KIDS * sizeof(ULONG)];
    TI_FINDCHILDREN_PARAMS *kids = (TI_FINDCHILDREN_PARAMS *)buf;
    DWORD count = 0, i, kind;
    int k;

    (void)size;
    if (si->Tag != 11 || !si->NameLen || !si->Size) return TRUE;
    if (ctx->nnames)
    {
        for (k = 0; k < ctx->nnames; k++)
            if (!wcscmp(ctx->names[k], si->Name)) break;
        if (k == ctx->nnames) return TRUE;
    }
    if (!info(ctx->base, si->TypeIndex, TI_GET_CHILDRENCOUNT, &count)) count = 0;
    if (seen_before(ctx, si->Name, si->Size, count)) return TRUE;
    st_utf8(si->Name, name, sizeof(name));
    if (!info(ctx->base, si->TypeIndex, TI_GET_UDTKIND, &kind)) kind = 0;
    printf("udt %s %s size %lu\n", kind == 1 ? "class" : kind == 2 ? "union" : "struct", name, si->Size);
    if (!count) return TRUE;
    if (count > MAX_KIDS) count = MAX_KIDS;
    kids->Count = count;
    kids->Start = 0;
    if (!info(ctx->base, si->TypeIndex, TI_FINDCHILDREN, kids)) return TRUE;
    for (i = 0; i < count; i++)
    {
        DWORD tag = 0, off = 0, pos = 0, type = 0;
        ULONG64 width = 0;

        if (!info(ctx->base, kids->ChildId[i], TI_GET_SYMTAG, &tag) || tag != 7) continue;
        if (!info(ctx->base, kids->ChildId[i], TI_GET_DATAKIND, &kind) || kind != 7) continue;
        info(ctx->base, kids->ChildId[i], TI_GET_OFFSET, &off);
        info(ctx->base, kids->ChildId[i], TI_GET_TYPE, &type);
        if (info(ctx->base, kids->ChildId[i], TI_GET_BITPOSITION, &pos) &&
            info(ctx->base, kids->ChildId[i], TI_GET_LENGTH, &width))
            printf("member %lu %llu %llu\n", off * 8 + pos, type_size(ctx->base, type), width);
        else printf("member %lu %llu\n", off * 8, type_size(ctx->base, type));
    }
    return TRUE;
}

int main(void)
{
    struct dump_ctx ctx;
    enum_types_w_fn enum_types;
    WCHAR **argv;
    int argc;

    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv || argc < 2)
    {
        fprintf(stderr, "usage: typedump FILE.dll [NAME...]\n");
        return 2;
    }
    enum_types = (enum_types_w_fn)(void *)GetProcAddress(GetModuleHandleA("dbghelp.dll"), "SymEnumTypesW");
    if (!enum_types) return 1;
    memset(&ctx, 0, sizeof(ctx));
    ctx.names = argv + 2;
    ctx.nnames = argc - 2;
    SymSetOptions(SymGetOptions() & ~SYMOPT_DEFERRED_LOADS);
    if (!SymInitializeW(DUMP_HANDLE, NULL, FALSE)) return 1;
    if (!(ctx.base = SymLoadModuleExW(DUMP_HANDLE, NULL, argv[1], NULL, 0, 0, NULL, 0)))
    {
        fprintf(stderr, "typedump: cannot load the image: %lu\n", GetLastError());
        return 1;
    }
    enum_types(DUMP_HANDLE, ctx.base, dump_udt, &ctx);
    SymCleanup(DUMP_HANDLE);
    return 0;
}
