/*
 * bench_types.c: the cost of type information through dbghelp, per image.
 *
 *   bench_types.exe [--impl NAME] [--budget-ms MS] FILE.dll...
 *
 * For each file, in a fresh SymInitializeW/SymCleanup session on a fake
 * handle without SYMOPT_DEFERRED_LOADS:
 *   load     SymLoadModuleExW at the preferred base
 *   enum     SymEnumTypesW over the module, the first time (a DLL that reads
 *            its debug information on demand, ours for large DWARF, pays
 *            the rest of the reading here): the types listed
 *   reenum   the same enumeration again: the steady rate
 *   info     SymGetTypeInfo over every type listed, round after round until
 *            the budget (default 5000 ms): TI_GET_SYMTAG, TI_GET_LENGTH,
 *            TI_GET_SYMNAME (freed with LocalFree), TI_GET_TYPE,
 *            TI_GET_CHILDRENCOUNT, then TI_FINDCHILDREN and, for each
 *            child, TI_GET_SYMTAG, TI_GET_SYMNAME, TI_GET_TYPE and
 *            TI_GET_OFFSET: what a debugger asks to print a value.  The
 *            rate is requests per second, failed ones counted (a request a
 *            node cannot answer is part of the work); the answered ones
 *            are printed too, so the two DLLs' work can be compared.
 *   heap     bytes in busy heap blocks after all this minus before
 *            SymInitializeW (the module with every type read), and what is
 *            left after SymCleanup.
 * It binds to whichever dbghelp.dll the loader picks (ours beside it with
 * WINEDLLOVERRIDES=dbghelp=n, or Wine's builtin).  Machine-readable lines:
 *   bench: impl=ours file=wined3d.dll op=enum types=123 ms=45.6
 *   bench: impl=ours file=wined3d.dll op=info rate=1234567 requests=... answered=...
 *   bench: impl=ours file=wined3d.dll op=heap bytes=12345678 left=0
 */
#include <windows.h>
#include <shellapi.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "symtools.h"

#define BENCH_HANDLE ((HANDLE)(ULONG_PTR)0xbe7c5002)
#define MAX_KIDS 4096

typedef BOOL (WINAPI *enum_types_w_fn)(HANDLE, ULONG64, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);

static LARGE_INTEGER freq;

static LONGLONG now(void)
{
    LARGE_INTEGER t;

    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

static double to_ms(LONGLONG ticks)
{
    return (double)ticks * 1e3 / (double)freq.QuadPart;
}

struct id_list
{
    DWORD *ids;
    unsigned long count, cap;
};

static BOOL CALLBACK collect(PSYMBOL_INFOW si, ULONG size, PVOID user)
{
    struct id_list *l = user;

    (void)size;
    if (l->count == l->cap)
    {
        unsigned long cap = l->cap ? l->cap * 2 : 4096;
        DWORD *grown = realloc(l->ids, cap * sizeof(*grown));

        if (!grown) return FALSE;
        l->ids = grown;
        l->cap = cap;
    }
    l->ids[l->count++] = si->TypeIndex;
    return TRUE;
}

static unsigned long requests, answered;

static BOOL ask(DWORD64 base, DWORD id, IMAGEHLP_SYMBOL_TYPE_INFO req, void *out)
{
    BOOL ret = SymGetTypeInfo(BENCH_HANDLE, base, id, req, out);

    requests++;
    if (ret) answered++;
    return ret;
}

static void ask_name(DWORD64 base, DWORD id)
{
    WCHAR *name = NULL;

    if (ask(base, id, TI_GET_SYMNAME, &name) && name) LocalFree(name);
}

/* Everything a debugger asks to print a value of type id. */
static void describe(DWORD64 base, DWORD id, TI_FINDCHILDREN_PARAMS *kids)
{
    DWORD tag, type, count = 0, off, i;
    ULONG64 len;

    ask(base, id, TI_GET_SYMTAG, &tag);
    ask(base, id, TI_GET_LENGTH, &len);
    ask_name(base, id);
    ask(base, id, TI_GET_TYPE, &type);
    if (!ask(base, id, TI_GET_CHILDRENCOUNT, &count) || !count) return;
    if (count > MAX_KIDS) count = MAX_KIDS;
    kids->Count = count;
    kids->Start = 0;
    if (!ask(base, id, TI_FINDCHILDREN, kids)) return;
    for (i = 0; i < count; i++)
    {
        ask(base, kids->ChildId[i], TI_GET_SYMTAG, &tag);
        ask_name(base, kids->ChildId[i]);
        ask(base, kids->ChildId[i], TI_GET_TYPE, &type);
        ask(base, kids->ChildId[i], TI_GET_OFFSET, &off);
    }
}

static int bench_file(const char *impl, enum_types_w_fn enum_types, const WCHAR *path, double budget_ms)
{
    struct id_list types = { NULL, 0, 0 }, again = { NULL, 0, 0 };
    TI_FINDCHILDREN_PARAMS *kids;
    char file[MAX_PATH * 3];
    const WCHAR *slash;
    DWORD64 base;
    SIZE_T heap0, heap1, heap2;
    LONGLONG t0, t_load, t_enum, t_reenum, t_info, limit;
    unsigned long i, rounds = 0;

    slash = wcsrchr(path, '\\');
    if (!slash) slash = wcsrchr(path, '/');
    st_utf8(slash ? slash + 1 : path, file, sizeof(file));
    if (!(kids = malloc(sizeof(*kids) + MAX_KIDS * sizeof(ULONG)))) return 1;
    heap0 = heap_in_use();
    SymSetOptions(SymGetOptions() & ~(SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS));
    if (!SymInitializeW(BENCH_HANDLE, NULL, FALSE))
    {
        printf("%s: SymInitializeW failed, error %lu\n", file, GetLastError());
        return 1;
    }
    t0 = now();
    if (!(base = SymLoadModuleExW(BENCH_HANDLE, NULL, path, NULL, 0, 0, NULL, 0)))
    {
        printf("%s: SymLoadModuleExW failed, error %lu\n", file, GetLastError());
        SymCleanup(BENCH_HANDLE);
        return 1;
    }
    t_load = now();
    enum_types(BENCH_HANDLE, base, collect, &types);
    t_enum = now();
    enum_types(BENCH_HANDLE, base, collect, &again);
    t_reenum = now();
    requests = answered = 0;
    limit = (LONGLONG)(budget_ms * (double)freq.QuadPart / 1e3);
    while (types.count && now() - t_reenum < limit)
    {
        for (i = 0; i < types.count; i++) describe(base, types.ids[i], kids);
        rounds++;
    }
    t_info = now();
    heap1 = heap_in_use();
    SymCleanup(BENCH_HANDLE);
    heap2 = heap_in_use();

    printf("bench: impl=%s file=%s op=load ms=%.1f\n", impl, file, to_ms(t_load - t0));
    printf("bench: impl=%s file=%s op=enum types=%lu ms=%.1f\n", impl, file, types.count,
           to_ms(t_enum - t_load));
    printf("bench: impl=%s file=%s op=reenum types=%lu ms=%.1f\n", impl, file, again.count,
           to_ms(t_reenum - t_enum));
    printf("bench: impl=%s file=%s op=info rate=%.0f requests=%lu answered=%lu rounds=%lu\n", impl,
           file, t_info > t_reenum ? requests * 1e3 / to_ms(t_info - t_reenum) : 0.0, requests,
           answered, rounds);
    printf("bench: impl=%s file=%s op=heap bytes=%lld left=%lld\n", impl, file,
           (long long)heap1 - (long long)heap0, (long long)heap2 - (long long)heap0);
    fflush(stdout);
    free(types.ids);
    free(again.ids);
    free(kids);
    return 0;
}

int main(void)
{
    char dllpath[MAX_PATH], implbuf[64];
    const char *impl = NULL, *kind;
    enum_types_w_fn enum_types;
    double budget_ms = 5000;
    WCHAR **argv;
    int argc, i, failures = 0;

    QueryPerformanceFrequency(&freq);
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return 2;
    for (i = 1; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2)
    {
        if (!wcscmp(argv[i], L"--impl")) impl = st_utf8(argv[i + 1], implbuf, sizeof(implbuf));
        else if (!wcscmp(argv[i], L"--budget-ms")) budget_ms = wcstod(argv[i + 1], NULL);
        else break;
    }
    if (i >= argc)
    {
        fprintf(stderr, "usage: bench_types [--impl NAME] [--budget-ms MS] FILE.dll...\n");
        return 2;
    }
    /* Not in mingw's import library: found at run time. */
    enum_types = (enum_types_w_fn)(void *)GetProcAddress(GetModuleHandleA("dbghelp.dll"), "SymEnumTypesW");
    if (!enum_types)
    {
        fprintf(stderr, "bench_types: no SymEnumTypesW\n");
        return 1;
    }
    kind = loaded_dbghelp(dllpath, sizeof(dllpath));
    if (!impl) impl = !strcmp(kind, "builtin") ? "builtin" : "ours";
    printf("bench: impl=%s dbghelp=%s path=%s\n", impl, kind, dllpath);
    for (; i < argc; i++) failures += bench_file(impl, enum_types, argv[i], budget_ms);
    return failures ? 1 : 0;
}
