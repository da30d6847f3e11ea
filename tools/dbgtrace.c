/*
 * dbgtrace: a small console debugger that drives dbghelp the way real
 * debuggers do, and checks after every module event that dbghelp's module
 * list agrees with what the debuggee told us.
 *
 *   dbgtrace.exe [--check] [--all-threads] [--dump FILE] [program.exe [args...]]
 *   dbgtrace.exe FILE.dmp
 *
 * Without a program it runs sample.exe from dbgtrace.exe's own directory.
 * On an exception it prints the exception and a symbolized backtrace of
 * the faulting thread (of every thread with --all-threads), like winedbg's
 * `bt`: see exception_event for which exceptions and when.
 * With --dump it also writes a minidump (MiniDumpWriteDump) of the
 * debuggee at the first fault it reports, as DrMingw or procdump do.  Given
 * a .dmp file it debugs post mortem: the dump's system, modules and
 * exception, and the backtrace of every thread, walked by StackWalkEx over
 * the dump's memory with the modules loaded from their files.
 * It is also the project's demo: put a dbghelp.dll beside dbgtrace.exe and
 * force it with WINEDLLOVERRIDES="dbghelp=n" to watch that DLL at work.
 *
 * The debug loop follows the pattern of winedbg and of Microsoft's
 * documentation ("Writing the Debugger's Main Loop"):
 *   CREATE_PROCESS -> SymInitializeW(hProcess, NULL, FALSE) and
 *                     SymLoadModuleExW for the executable
 *   LOAD_DLL       -> SymLoadModuleExW(hProcess, hFile, path, NULL, base, 0)
 *   UNLOAD_DLL     -> SymUnloadModule64(hProcess, base)
 *   EXIT_PROCESS   -> SymCleanup(hProcess)
 *   EXCEPTION      -> StackWalkEx (StackWalk64 if the DLL lacks it) over
 *                     the thread's context, then per frame SymFromAddr /
 *                     SymFromInlineContext and SymGetLineFromAddr64 /
 *                     SymGetLineFromInlineContext
 * The hFile handles of CREATE_PROCESS and LOAD_DLL belong to the debugger,
 * which must close them; the process and thread handles of the events belong
 * to the system, which closes them on the matching exit events.
 */

#include <windows.h>
#include <shellapi.h>
#include <psapi.h>
#include <dbghelp.h>
#include "dbghelp_ext.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One module the debuggee reported (process image or DLL) and has not
 * unloaded yet: the reference the dbghelp module list is checked against. */
struct traced_module
{
    DWORD64 base;
    WCHAR   name[64];   /* dbghelp's ModuleName, or the file name part */
};

/* A thread of the debuggee; the handle belongs to the system. */
struct traced_thread
{
    DWORD  id;
    HANDLE handle;
};

/* The state of one debugging session; there is only one debuggee. */
struct session
{
    BOOL    all_threads;      /* --all-threads: backtrace every thread */
    HANDLE  process;          /* hProcess of CREATE_PROCESS (owned by the system) */
    BOOL    sym_ready;        /* SymInitializeW succeeded on process */
    BOOL    is_wow64;         /* debuggee pointers are 4 bytes */
    BOOL    seen_breakpoint;  /* the loader's initial breakpoint went by */
    BOOL    abnormal;         /* second-chance exception or other trouble */
    BOOL    exited;
    DWORD   exit_code;
    struct traced_module *mods;
    unsigned int mod_count, mod_size;
    struct traced_thread *threads;
    unsigned int thread_count, thread_size;
    /* the last exception whose backtrace was printed at first chance, so
     * that its second chance does not print it again */
    DWORD   shown_thread, shown_code;
    DWORD64 shown_addr;
    unsigned int events, loads, unloads, checks, mismatches;
    DWORD   pid;
    const WCHAR *dump_path;   /* --dump: where to write the dump */
    BOOL    dump_written;
    /* post mortem: the mapped dump; NULL when debugging a live process */
    const BYTE *dump;
    DWORD   dump_size;
};

/* The dump the memory routine reads (post mortem). */
static struct session *dump_session;

/* Pointer-sized hex, so that the columns line up on both architectures. */
#define PTR_DIGITS ((int)(sizeof(void *) * 2))

/* Converts for printing: UTF-8 to pipes and files (what the test scripts
 * read), the console's code page to a console. */
static const char *narrow(const WCHAR *str, char *buf, int size)
{
    static UINT cp;

    if (!cp)
    {
        DWORD mode;
        cp = GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) ?
             GetConsoleOutputCP() : CP_UTF8;
        if (!cp) cp = CP_UTF8;
    }
    if (!WideCharToMultiByte(cp, 0, str, -1, buf, size, NULL, NULL))
        buf[0] = 0;
    buf[size - 1] = 0;
    return buf;
}

static const char *sym_type_name(SYM_TYPE type)
{
    static const char * const names[] =
    {
        "SymNone", "SymCoff", "SymCv", "SymPdb", "SymExport",
        "SymDeferred", "SymSym", "SymDia", "SymVirtual",
    };
    static char other[32];

    if ((unsigned int)type < ARRAYSIZE(names)) return names[type];
    snprintf(other, sizeof(other), "SymType%u", (unsigned int)type);
    return other;
}

/* SymGetModuleInfoW64 with the current structure size, falling back to the
 * size before LoadedPdbName (older dbghelp versions reject larger sizes). */
static BOOL get_module_info(HANDLE process, DWORD64 base, IMAGEHLP_MODULEW64 *info)
{
    memset(info, 0, sizeof(*info));
    info->SizeOfStruct = sizeof(*info);
    if (SymGetModuleInfoW64(process, base, info)) return TRUE;
    memset(info, 0, sizeof(*info));
    info->SizeOfStruct = offsetof(IMAGEHLP_MODULEW64, LoadedPdbName);
    return SymGetModuleInfoW64(process, base, info);
}

static struct traced_module *find_module(struct session *s, DWORD64 base)
{
    unsigned int i;

    for (i = 0; i < s->mod_count; i++)
        if (s->mods[i].base == base) return &s->mods[i];
    return NULL;
}

static void add_module(struct session *s, DWORD64 base, const WCHAR *name)
{
    struct traced_module *mod = find_module(s, base);

    if (!mod)
    {
        if (s->mod_count == s->mod_size)
        {
            unsigned int size = s->mod_size ? s->mod_size * 2 : 64;
            struct traced_module *mods = realloc(s->mods, size * sizeof(*mods));
            if (!mods)
            {
                fprintf(stderr, "dbgtrace: out of memory\n");
                exit(2);
            }
            s->mods = mods;
            s->mod_size = size;
        }
        mod = &s->mods[s->mod_count++];
    }
    mod->base = base;
    lstrcpynW(mod->name, name, ARRAYSIZE(mod->name));
}

static void remove_module(struct session *s, struct traced_module *mod)
{
    *mod = s->mods[--s->mod_count];
}

/* Bases reported by SymEnumerateModulesW64, collected for the check. */
struct enum_bases
{
    DWORD64 *bases;
    unsigned int count, size;
    BOOL failed;
};

static BOOL CALLBACK collect_base(PCWSTR name, DWORD64 base, PVOID ctx)
{
    struct enum_bases *eb = ctx;

    if (eb->count == eb->size)
    {
        unsigned int size = eb->size ? eb->size * 2 : 64;
        DWORD64 *bases = realloc(eb->bases, size * sizeof(*bases));
        if (!bases)
        {
            eb->failed = TRUE;
            return FALSE;
        }
        eb->bases = bases;
        eb->size = size;
    }
    eb->bases[eb->count++] = base;
    return TRUE;
}

/* The invariant this tool exists for: the set of module bases dbghelp holds
 * for the process equals the set of modules the debuggee reported and has
 * not unloaded.  Every difference is printed on its own line. */
static void check_modules(struct session *s)
{
    struct enum_bases eb = {0};
    unsigned int i, j, bad = 0;
    char buf[MAX_PATH * 3];

    s->checks++;
    if (!s->sym_ready)
    {
        printf("  check  MISMATCH: no dbghelp session for the process\n");
        s->mismatches++;
        return;
    }
    if (!SymEnumerateModulesW64(s->process, collect_base, &eb) || eb.failed)
    {
        printf("  check  MISMATCH: SymEnumerateModulesW64 failed, error %lu\n",
               GetLastError());
        s->mismatches++;
        free(eb.bases);
        return;
    }
    /* dbghelp has a module nobody reported (or reports it twice) */
    for (i = 0; i < eb.count; i++)
    {
        BOOL dup = FALSE;
        IMAGEHLP_MODULEW64 info;

        for (j = 0; j < i; j++) if (eb.bases[j] == eb.bases[i]) dup = TRUE;
        if (!dup && find_module(s, eb.bases[i])) continue;
        if (!get_module_info(s->process, eb.bases[i], &info))
            lstrcpyW(info.ModuleName, L"?");
        printf("  check  MISMATCH: dbghelp %s module 0x%0*" PRIx64 " %s\n",
               dup ? "lists twice the" : "has unreported", PTR_DIGITS,
               eb.bases[i], narrow(info.ModuleName, buf, sizeof(buf)));
        bad++;
    }
    /* a reported module that dbghelp does not have */
    for (i = 0; i < s->mod_count; i++)
    {
        for (j = 0; j < eb.count; j++) if (eb.bases[j] == s->mods[i].base) break;
        if (j < eb.count) continue;
        printf("  check  MISMATCH: module 0x%0*" PRIx64 " %s missing from dbghelp\n",
               PTR_DIGITS, s->mods[i].base, narrow(s->mods[i].name, buf, sizeof(buf)));
        bad++;
    }
    if (bad)
    {
        printf("  check  %u modules in dbghelp, %u reported: %u differences\n",
               eb.count, s->mod_count, bad);
        s->mismatches++;
    }
    else
        printf("  check  %u modules: ok\n", eb.count);
    free(eb.bases);
}

/* Drops the "\\?\" that GetFinalPathNameByHandleW puts in front. */
static void strip_nt_prefix(WCHAR *path)
{
    if (!wcsncmp(path, L"\\\\?\\UNC\\", 8))
        memmove(path + 2, path + 8, (wcslen(path + 8) + 1) * sizeof(WCHAR));
    else if (!wcsncmp(path, L"\\\\?\\", 4))
        memmove(path, path + 4, (wcslen(path + 4) + 1) * sizeof(WCHAR));
}

/* lpImageName is the address, in the debuggee, of a pointer to the name; both
 * may be NULL and the name may not be there yet, hence every step can fail. */
static BOOL read_image_name(struct session *s, void *image_name, WORD unicode,
                            WCHAR *path, DWORD size)
{
    ULONG_PTR ptr = 0;
    SIZE_T got;
    DWORD i;

    if (!image_name) return FALSE;
    if (!ReadProcessMemory(s->process, image_name, &ptr,
                           s->is_wow64 ? 4 : sizeof(ptr), &got) || !ptr)
        return FALSE;
    if (unicode)
    {
        for (i = 0; i < size - 1; i++)
            if (!ReadProcessMemory(s->process, (char *)ptr + i * sizeof(WCHAR),
                                   &path[i], sizeof(WCHAR), &got) || !path[i])
                break;
        path[i] = 0;
    }
    else
    {
        char buf[MAX_PATH];
        for (i = 0; i < sizeof(buf) - 1; i++)
            if (!ReadProcessMemory(s->process, (char *)ptr + i, &buf[i], 1, &got)
                || !buf[i])
                break;
        buf[i] = 0;
        if (!MultiByteToWideChar(CP_ACP, 0, buf, -1, path, size)) path[0] = 0;
    }
    return path[0] != 0;
}

/* Finds the file name of a module the debuggee just mapped, best source first. */
static BOOL module_path(struct session *s, HANDLE file, void *image_name,
                        WORD unicode, DWORD64 base, WCHAR *path, DWORD size)
{
    DWORD len;

    path[0] = 0;
    if (file && (len = GetFinalPathNameByHandleW(file, path, size, 0)) && len < size)
    {
        strip_nt_prefix(path);
        return TRUE;
    }
    if (read_image_name(s, image_name, unicode, path, size)) return TRUE;
    len = K32GetModuleFileNameExW(s->process, (HMODULE)(ULONG_PTR)base, path, size);
    if (len && len < size) return TRUE;
    path[0] = 0;
    return FALSE;
}

static const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *p, *name = path;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':') name = p + 1;
    return name;
}

/* Shared by CREATE_PROCESS (the executable) and LOAD_DLL. */
static void load_module(struct session *s, HANDLE file, void *image_name,
                        WORD unicode, DWORD64 base)
{
    WCHAR path[MAX_PATH * 2];
    IMAGEHLP_MODULEW64 info;
    char buf1[MAX_PATH * 3], buf2[MAX_PATH * 6];
    DWORD64 ret;

    s->loads++;
    module_path(s, file, image_name, unicode, base, path, ARRAYSIZE(path));
    if (!s->sym_ready)
        ret = 0;
    else
    {
        SetLastError(0xdeadbeef);
        ret = SymLoadModuleExW(s->process, file, path[0] ? path : NULL, NULL,
                               base, 0, NULL, 0);
    }
    /* 0 with ERROR_SUCCESS means dbghelp already has a module at that base:
     * not a failure for a debugger, and the check below will judge it. */
    if (!ret && s->sym_ready && GetLastError() != ERROR_SUCCESS)
        printf("  load   0x%0*" PRIx64 "  SymLoadModuleExW failed, error %lu  %s\n",
               PTR_DIGITS, base, GetLastError(), narrow(path, buf2, sizeof(buf2)));
    if (s->sym_ready && get_module_info(s->process, base, &info))
    {
        add_module(s, base, info.ModuleName);
        printf("  load   0x%0*" PRIx64 "  0x%08lx  %-10s  %-11s  %s\n",
               PTR_DIGITS, base, info.ImageSize, narrow(info.ModuleName, buf1, sizeof(buf1)),
               sym_type_name(info.SymType),
               narrow(info.ImageName[0] ? info.ImageName : path, buf2, sizeof(buf2)));
    }
    else
    {
        /* keep it in the reference set anyway: the process has it */
        add_module(s, base, file_part(path));
        if (ret || !s->sym_ready)
            printf("  load   0x%0*" PRIx64 "  (no module info, error %lu)  %s\n",
                   PTR_DIGITS, base, GetLastError(), narrow(path, buf2, sizeof(buf2)));
    }
    check_modules(s);
}

static void unload_module(struct session *s, DWORD64 base)
{
    struct traced_module *mod = find_module(s, base);
    char buf[MAX_PATH * 3];

    s->unloads++;
    printf("  unload 0x%0*" PRIx64 "  %s\n", PTR_DIGITS, base,
           mod ? narrow(mod->name, buf, sizeof(buf)) : "(never reported as loaded)");
    SetLastError(0xdeadbeef);
    if (s->sym_ready && !SymUnloadModule64(s->process, base))
        printf("  unload 0x%0*" PRIx64 "  SymUnloadModule64 failed, error %lu\n",
               PTR_DIGITS, base, GetLastError());
    if (mod) remove_module(s, mod);
    check_modules(s);
}

static void output_string(struct session *s, const OUTPUT_DEBUG_STRING_INFO *info)
{
    DWORD len = info->nDebugStringLength, i;
    SIZE_T size = (SIZE_T)len * (info->fUnicode ? sizeof(WCHAR) : 1), got = 0;
    char *raw, buf[4096];

    if (!len || !(raw = calloc(1, size + sizeof(WCHAR)))) return;
    ReadProcessMemory(s->process, info->lpDebugStringData, raw, size, &got);
    if (info->fUnicode)
        narrow((WCHAR *)raw, buf, sizeof(buf));
    else
        lstrcpynA(buf, raw, sizeof(buf));
    free(raw);
    /* one line per event: the producer's own line ends go */
    for (i = strlen(buf); i && (buf[i - 1] == '\n' || buf[i - 1] == '\r'); i--)
        buf[i - 1] = 0;
    printf("  output %s\n", buf);
}

/* ---- threads ------------------------------------------------------------ */

static void add_thread(struct session *s, DWORD id, HANDLE handle)
{
    if (s->thread_count == s->thread_size)
    {
        unsigned int size = s->thread_size ? s->thread_size * 2 : 16;
        struct traced_thread *threads = realloc(s->threads, size * sizeof(*threads));
        if (!threads)
        {
            fprintf(stderr, "dbgtrace: out of memory\n");
            exit(2);
        }
        s->threads = threads;
        s->thread_size = size;
    }
    s->threads[s->thread_count].id = id;
    s->threads[s->thread_count].handle = handle;
    s->thread_count++;
}

static struct traced_thread *find_thread(struct session *s, DWORD id)
{
    unsigned int i;

    for (i = 0; i < s->thread_count; i++)
        if (s->threads[i].id == id) return &s->threads[i];
    return NULL;
}

static void remove_thread(struct session *s, DWORD id)
{
    struct traced_thread *t = find_thread(s, id);

    if (t) *t = s->threads[--s->thread_count];
}

/* ---- exceptions and backtraces ----------------------------------------- */

#ifndef IFC_MODE_INLINE
/* Wine's encoding of STACKFRAME_EX.InlineFrameContext, which our DLL
 * follows: the mode in the top bits, the inline depth below. */
#define IFC_MODE_INLINE  0x40000000
#define IFC_MODE_REGULAR 0x80000000
#define IFC_MODE(x)      ((x) & 0xc0000000)
#endif

/* Walking stops here: a stack overflow's recursion would print for ever. */
#define MAX_FRAMES 256

/* The optional entry points: resolved at run time, so that dbgtrace still
 * starts, and falls back to StackWalk64 without inline frames, on a
 * dbghelp.dll that lacks them. */
typedef BOOL (WINAPI *stack_walk_ex_func)(DWORD, HANDLE, HANDLE, LPSTACKFRAME_EX, PVOID,
                                          PREAD_PROCESS_MEMORY_ROUTINE64,
                                          PFUNCTION_TABLE_ACCESS_ROUTINE64,
                                          PGET_MODULE_BASE_ROUTINE64,
                                          PTRANSLATE_ADDRESS_ROUTINE64, DWORD);
typedef BOOL (WINAPI *sym_from_inline_func)(HANDLE, DWORD64, ULONG, PDWORD64, PSYMBOL_INFO);
typedef BOOL (WINAPI *line_from_inline_func)(HANDLE, DWORD64, ULONG, DWORD64, PDWORD,
                                             PIMAGEHLP_LINE64);
typedef DWORD (WINAPI *inline_trace_func)(HANDLE, DWORD64);

static struct
{
    BOOL                  resolved;
    stack_walk_ex_func    stack_walk_ex;
    sym_from_inline_func  sym_from_inline;
    line_from_inline_func line_from_inline;
    inline_trace_func     inline_trace;
} dbghelp_opt;

static void resolve_optional(void)
{
    HMODULE dll;

    if (dbghelp_opt.resolved) return;
    dbghelp_opt.resolved = TRUE;
    if (!(dll = GetModuleHandleW(L"dbghelp.dll"))) return;
    dbghelp_opt.stack_walk_ex = (stack_walk_ex_func)(void *)GetProcAddress(dll, "StackWalkEx");
    dbghelp_opt.sym_from_inline =
        (sym_from_inline_func)(void *)GetProcAddress(dll, "SymFromInlineContext");
    dbghelp_opt.line_from_inline =
        (line_from_inline_func)(void *)GetProcAddress(dll, "SymGetLineFromInlineContext");
    dbghelp_opt.inline_trace =
        (inline_trace_func)(void *)GetProcAddress(dll, "SymAddrIncludeInlineTrace");
    if (!dbghelp_opt.stack_walk_ex)
        printf("  note   this dbghelp.dll has no StackWalkEx: StackWalk64, no inline frames\n");
}

static const char *exception_name(DWORD code)
{
    switch (code)
    {
    case EXCEPTION_ACCESS_VIOLATION:         return "EXCEPTION_ACCESS_VIOLATION";
    case EXCEPTION_IN_PAGE_ERROR:            return "EXCEPTION_IN_PAGE_ERROR";
    case EXCEPTION_BREAKPOINT:               return "EXCEPTION_BREAKPOINT";
    case 0x4000001f:                         return "STATUS_WX86_BREAKPOINT";
    case EXCEPTION_SINGLE_STEP:              return "EXCEPTION_SINGLE_STEP";
    case EXCEPTION_ILLEGAL_INSTRUCTION:      return "EXCEPTION_ILLEGAL_INSTRUCTION";
    case EXCEPTION_PRIV_INSTRUCTION:         return "EXCEPTION_PRIV_INSTRUCTION";
    case EXCEPTION_STACK_OVERFLOW:           return "EXCEPTION_STACK_OVERFLOW";
    case EXCEPTION_INT_DIVIDE_BY_ZERO:       return "EXCEPTION_INT_DIVIDE_BY_ZERO";
    case EXCEPTION_INT_OVERFLOW:             return "EXCEPTION_INT_OVERFLOW";
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED:    return "EXCEPTION_ARRAY_BOUNDS_EXCEEDED";
    case EXCEPTION_DATATYPE_MISALIGNMENT:    return "EXCEPTION_DATATYPE_MISALIGNMENT";
    case EXCEPTION_FLT_DENORMAL_OPERAND:     return "EXCEPTION_FLT_DENORMAL_OPERAND";
    case EXCEPTION_FLT_DIVIDE_BY_ZERO:       return "EXCEPTION_FLT_DIVIDE_BY_ZERO";
    case EXCEPTION_FLT_INEXACT_RESULT:       return "EXCEPTION_FLT_INEXACT_RESULT";
    case EXCEPTION_FLT_INVALID_OPERATION:    return "EXCEPTION_FLT_INVALID_OPERATION";
    case EXCEPTION_FLT_OVERFLOW:             return "EXCEPTION_FLT_OVERFLOW";
    case EXCEPTION_FLT_STACK_CHECK:          return "EXCEPTION_FLT_STACK_CHECK";
    case EXCEPTION_FLT_UNDERFLOW:            return "EXCEPTION_FLT_UNDERFLOW";
    case EXCEPTION_NONCONTINUABLE_EXCEPTION: return "EXCEPTION_NONCONTINUABLE_EXCEPTION";
    case EXCEPTION_INVALID_DISPOSITION:      return "EXCEPTION_INVALID_DISPOSITION";
    case EXCEPTION_GUARD_PAGE:               return "EXCEPTION_GUARD_PAGE";
    case 0xc0000374:                         return "STATUS_HEAP_CORRUPTION";
    case 0xc0000409:                         return "STATUS_STACK_BUFFER_OVERRUN";
    case 0xc0000420:                         return "STATUS_ASSERTION_FAILURE";
    case 0x40010006:                         return "DBG_PRINTEXCEPTION_C";
    case 0x4001000a:                         return "DBG_PRINTEXCEPTION_WIDE_C";
    case 0x406d1388:                         return "MS_VC_THREAD_NAME";
    case 0xe06d7363:                         return "C++ exception (MSVC)";
    case 0x20474343:                         return "C++ exception (GCC)";
    default:                                 return "unknown exception";
    }
}

static BOOL is_breakpoint(DWORD code)
{
    return code == EXCEPTION_BREAKPOINT || code == 0x4000001f /* STATUS_WX86_BREAKPOINT */;
}

/* The exceptions that get a backtrace at first chance: faults, breakpoints
 * and C++ throws.  Anything else (debug output, thread naming, a program's
 * own RaiseException codes) is a line at first chance and gets its
 * backtrace only if nobody handles it (second chance). */
static BOOL backtrace_at_first_chance(DWORD code)
{
    switch (code)
    {
    case EXCEPTION_ACCESS_VIOLATION:
    case EXCEPTION_IN_PAGE_ERROR:
    case EXCEPTION_ILLEGAL_INSTRUCTION:
    case EXCEPTION_PRIV_INSTRUCTION:
    case EXCEPTION_STACK_OVERFLOW:
    case EXCEPTION_INT_DIVIDE_BY_ZERO:
    case EXCEPTION_INT_OVERFLOW:
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED:
    case EXCEPTION_DATATYPE_MISALIGNMENT:
    case 0xc0000374: /* STATUS_HEAP_CORRUPTION */
    case 0xc0000409: /* STATUS_STACK_BUFFER_OVERRUN */
    case 0xe06d7363: /* MSVC C++ throw */
    case 0x20474343: /* GCC C++ throw ("\0GCC") */
        return TRUE;
    default:
        return is_breakpoint(code);
    }
}

/* "module!function+0xoff" (or "module+0xoff", or "?") for an address,
 * through the regular symbol path or, for an inline frame, its context. */
static void describe_addr(struct session *s, DWORD64 addr, DWORD inline_ctx,
                          char *out, size_t size, BOOL *named)
{
    IMAGEHLP_MODULEW64 info;
    char mod[MAX_PATH * 3];
    union
    {
        SYMBOL_INFO info;
        char buf[sizeof(SYMBOL_INFO) + MAX_SYM_NAME];
    } sym;
    DWORD64 disp = 0;
    BOOL ok;

    *named = FALSE;
    if (get_module_info(s->process, addr, &info))
        narrow(info.ModuleName, mod, sizeof(mod));
    else
        lstrcpyA(mod, "?");
    memset(&sym, 0, sizeof(sym));
    sym.info.SizeOfStruct = sizeof(SYMBOL_INFO);
    sym.info.MaxNameLen = MAX_SYM_NAME;
    if (IFC_MODE(inline_ctx) == IFC_MODE_INLINE && dbghelp_opt.sym_from_inline)
        ok = dbghelp_opt.sym_from_inline(s->process, addr, inline_ctx, &disp, &sym.info);
    else
        ok = SymFromAddr(s->process, addr, &disp, &sym.info);
    if (ok && sym.info.Name[0])
    {
        *named = TRUE;
        snprintf(out, size, "%s!%s+0x%" PRIx64, mod, sym.info.Name, disp);
    }
    else if (info.SizeOfStruct && lstrcmpA(mod, "?"))
        snprintf(out, size, "%s+0x%" PRIx64, mod, addr - info.BaseOfImage);
    else
        snprintf(out, size, "?");
}

/* "  file:line", or nothing. */
static void describe_line(struct session *s, DWORD64 addr, DWORD inline_ctx,
                          char *out, size_t size)
{
    IMAGEHLP_LINE64 line;
    DWORD disp = 0;
    BOOL ok;

    memset(&line, 0, sizeof(line));
    line.SizeOfStruct = sizeof(line);
    if (IFC_MODE(inline_ctx) == IFC_MODE_INLINE && dbghelp_opt.line_from_inline)
        ok = dbghelp_opt.line_from_inline(s->process, addr, inline_ctx, 0, &disp, &line);
    else
        ok = SymGetLineFromAddr64(s->process, addr, &disp, &line);
    if (ok && line.FileName)
        snprintf(out, size, "  %s:%lu", line.FileName, line.LineNumber);
    else
        out[0] = 0;
}

/* The machine, and the thread's registers in the layout StackWalk* wants
 * for it: CONTEXT for the debugger's own architecture, WOW64_CONTEXT for a
 * 32-bit debuggee of a 64-bit debugger. */
union thread_regs
{
    CONTEXT native;
#ifdef _WIN64
    WOW64_CONTEXT wow64;
#endif
};

static BOOL get_thread_regs(struct session *s, HANDLE thread, union thread_regs *regs,
                            DWORD *machine, STACKFRAME_EX *frame)
{
    memset(regs, 0, sizeof(*regs));
    memset(frame, 0, sizeof(*frame));
    frame->StackFrameSize = sizeof(*frame);
    frame->AddrPC.Mode = frame->AddrFrame.Mode = frame->AddrStack.Mode = AddrModeFlat;
#ifdef _WIN64
    if (s->is_wow64)
    {
        /* WOW64: only reachable with a 32-bit Wine (wine32) installed */
        regs->wow64.ContextFlags = WOW64_CONTEXT_FULL;
        if (!Wow64GetThreadContext(thread, &regs->wow64)) return FALSE;
        *machine = IMAGE_FILE_MACHINE_I386;
        frame->AddrPC.Offset = regs->wow64.Eip;
        frame->AddrFrame.Offset = regs->wow64.Ebp;
        frame->AddrStack.Offset = regs->wow64.Esp;
        return TRUE;
    }
    regs->native.ContextFlags = CONTEXT_FULL;
    if (!GetThreadContext(thread, &regs->native)) return FALSE;
    *machine = IMAGE_FILE_MACHINE_AMD64;
    frame->AddrPC.Offset = regs->native.Rip;
    frame->AddrFrame.Offset = regs->native.Rbp;
    frame->AddrStack.Offset = regs->native.Rsp;
#else
    (void)s;
    regs->native.ContextFlags = CONTEXT_FULL;
    if (!GetThreadContext(thread, &regs->native)) return FALSE;
    *machine = IMAGE_FILE_MACHINE_I386;
    frame->AddrPC.Offset = regs->native.Eip;
    frame->AddrFrame.Offset = regs->native.Ebp;
    frame->AddrStack.Offset = regs->native.Esp;
#endif
    return TRUE;
}

/* One backtrace, like winedbg's `bt`:
 *   =>0  0x00006ffffc4c1520  crashdll!crash_poke+0x0 [inline]  C:\...\crashdll.c:24
 *     1  0x00006ffffc4c1520  crashdll!crash_leaf+0x10  C:\...\crashdll.c:38
 * An inline frame has the pc of the frame that holds it.  A caller's
 * symbol and line are looked up at pc - 1: the return address may already
 * belong to the next line or function.  In the faulting thread, frame 0 is
 * looked up at the exception address when the pc is just past it (an int3
 * leaves the pc on the next instruction). */
static BOOL CALLBACK read_dump_memory(HANDLE process, DWORD64 addr, PVOID buf, DWORD size, LPDWORD done);

static void walk_and_print(struct session *s, HANDLE thread, DWORD machine, union thread_regs *regs,
                           STACKFRAME_EX *frame_in, DWORD64 fault_addr)
{
    STACKFRAME_EX frame = *frame_in;
    PREAD_PROCESS_MEMORY_ROUTINE64 read = s->dump ? read_dump_memory : NULL;
    unsigned int n = 0, named = 0, walked = 0;
    DWORD64 prev_pc = 0, prev_sp = 0;

    frame.InlineFrameContext = 0; /* INLINE_FRAME_CONTEXT_INIT */
    for (;;)
    {
        char where[MAX_SYM_NAME + MAX_PATH * 3 + 64], line[MAX_PATH * 3 + 32];
        BOOL ok, is_named, is_inline;
        DWORD64 pc, lookup;

        if (n == MAX_FRAMES)
        {
            printf("  bt     stopped after %u frames\n", n);
            break;
        }
        SetLastError(0xdeadbeef);
        if (dbghelp_opt.stack_walk_ex)
            ok = dbghelp_opt.stack_walk_ex(machine, s->process, thread, &frame, regs, read,
                                           SymFunctionTableAccess64, SymGetModuleBase64,
                                           NULL, 0);
        else
            ok = StackWalk64(machine, s->process, thread, (STACKFRAME64 *)&frame, regs, read,
                             SymFunctionTableAccess64, SymGetModuleBase64, NULL);
        if (!ok) break;
        pc = frame.AddrPC.Offset;
        if (!pc) break;
        is_inline = dbghelp_opt.stack_walk_ex &&
                    IFC_MODE(frame.InlineFrameContext) == IFC_MODE_INLINE;
        /* a walker that does not move on would loop */
        if (!is_inline && walked && pc == prev_pc && frame.AddrStack.Offset == prev_sp)
        {
            printf("  bt     the walk did not move at 0x%0*" PRIx64 ": stopped\n",
                   PTR_DIGITS, pc);
            break;
        }
        if (!is_inline)
        {
            walked++;
            prev_pc = pc;
            prev_sp = frame.AddrStack.Offset;
        }
        if (walked > 1) lookup = pc - 1;
        else if (fault_addr && pc >= fault_addr && pc - fault_addr <= 1) lookup = fault_addr;
        else lookup = pc;
        /* The walker counts a caller's inline sites at its return address;
         * one that does not hold the call itself (pc - 1) is not a frame. */
        if (is_inline && lookup != pc && dbghelp_opt.inline_trace &&
            (frame.InlineFrameContext & 0x3fffffff) >= dbghelp_opt.inline_trace(s->process, lookup))
            continue;
        describe_addr(s, lookup, is_inline ? frame.InlineFrameContext : 0, where,
                      sizeof(where), &is_named);
        describe_line(s, lookup, is_inline ? frame.InlineFrameContext : 0, line, sizeof(line));
        if (is_named) named++;
        printf("  %s%-2u 0x%0*" PRIx64 "  %s%s%s\n", n ? "  " : "=>", n, PTR_DIGITS, pc,
               where, is_inline ? " [inline]" : "", line);
        n++;
    }
    printf("  bt     %u frames, %u named\n", n, named);
}

static void print_backtrace(struct session *s, DWORD tid, HANDLE thread, DWORD64 fault_addr)
{
    union thread_regs regs;
    STACKFRAME_EX frame;
    DWORD machine;

    resolve_optional();
    printf("  bt     thread 0x%04lx%s\n", tid, fault_addr ? " (faulting thread)" : "");
    if (!s->sym_ready)
    {
        printf("  bt     no dbghelp session\n");
        return;
    }
    if (!get_thread_regs(s, thread, &regs, &machine, &frame))
    {
        printf("  bt     cannot read the thread's registers, error %lu\n", GetLastError());
        return;
    }
    walk_and_print(s, thread, machine, &regs, &frame, fault_addr);
}

static void print_all_backtraces(struct session *s, DWORD faulting_tid, DWORD64 fault_addr)
{
    struct traced_thread *t = find_thread(s, faulting_tid);
    unsigned int i;

    if (t) print_backtrace(s, t->id, t->handle, fault_addr ? fault_addr : 1);
    else printf("  bt     thread 0x%04lx unknown\n", faulting_tid);
    if (!s->all_threads) return;
    for (i = 0; i < s->thread_count; i++)
        if (s->threads[i].id != faulting_tid)
            print_backtrace(s, s->threads[i].id, s->threads[i].handle, 0);
}

/* The policy:
 *  - the loader's initial breakpoint: a line, continued;
 *  - first chance of a fault (access violation, illegal or privileged
 *    instruction, stack overflow, division by zero...), a later
 *    breakpoint or a C++ throw: the exception and the backtrace; a
 *    breakpoint is then continued (DBG_CONTINUE: the debugger handled it,
 *    the program goes on after the int3), anything else is passed to the
 *    program (DBG_EXCEPTION_NOT_HANDLED), whose handlers may recover, as
 *    C++ catch blocks do;
 *  - first chance of anything else: a line, passed to the program;
 *  - second chance (nobody handled it, the program would die without a
 *    debugger): "unhandled", the backtrace unless the first chance showed
 *    it already, and the process is terminated with the exception code. */
/* --dump: the debuggee as it stands at its fault, with the exception and
 * the faulting thread's context (copies of ours: ClientPointers FALSE). */
static void write_dump(struct session *s, DWORD tid, const EXCEPTION_DEBUG_INFO *info)
{
    struct traced_thread *t = find_thread(s, tid);
    MINIDUMP_EXCEPTION_INFORMATION mei;
    EXCEPTION_POINTERS ep;
    EXCEPTION_RECORD rec = info->ExceptionRecord;
    union thread_regs ctx;
    HANDLE file;
    char buf[MAX_PATH * 3];
    BOOL ok, got;

    s->dump_written = TRUE;
    memset(&ctx, 0, sizeof(ctx));
#ifdef _WIN64
    /* A WOW64 debuggee's context is the 32-bit one. */
    if (s->is_wow64)
    {
        ctx.wow64.ContextFlags = WOW64_CONTEXT_ALL;
        got = t && Wow64GetThreadContext(t->handle, &ctx.wow64);
    }
    else
#endif
    {
        ctx.native.ContextFlags = CONTEXT_ALL;
        got = t && GetThreadContext(t->handle, &ctx.native);
    }
    if (!got)
    {
        printf("  dump   cannot read the faulting thread's context, error %lu\n", GetLastError());
        return;
    }
    file = CreateFileW(s->dump_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        printf("  dump   cannot create %s, error %lu\n", narrow(s->dump_path, buf, sizeof(buf)), GetLastError());
        return;
    }
    ep.ExceptionRecord = &rec;
    ep.ContextRecord = &ctx.native;
    mei.ThreadId = tid;
    mei.ExceptionPointers = &ep;
    mei.ClientPointers = FALSE;
    ok = MiniDumpWriteDump(s->process, s->pid, file,
                           MiniDumpWithThreadInfo | MiniDumpWithUnloadedModules | MiniDumpWithFullMemoryInfo,
                           &mei, NULL, NULL);
    if (ok) printf("  dump   written to %s (%lu bytes)\n", narrow(s->dump_path, buf, sizeof(buf)), GetFileSize(file, NULL));
    else printf("  dump   MiniDumpWriteDump failed, error 0x%08lx\n", GetLastError());
    CloseHandle(file);
}

static DWORD exception_event(struct session *s, DWORD tid, const EXCEPTION_DEBUG_INFO *info)
{
    const EXCEPTION_RECORD *rec = &info->ExceptionRecord;
    DWORD code = rec->ExceptionCode;
    DWORD64 addr = (DWORD64)(ULONG_PTR)rec->ExceptionAddress;
    char where[MAX_SYM_NAME + MAX_PATH * 3 + 64];
    BOOL named;

    /* The loader stops once in a breakpoint before running the program
     * (STATUS_WX86_BREAKPOINT for a WOW64 debuggee): that one is ours. */
    if (info->dwFirstChance && !s->seen_breakpoint && is_breakpoint(code))
    {
        s->seen_breakpoint = TRUE;
        printf("  break  initial breakpoint\n");
        return DBG_CONTINUE;
    }
    resolve_optional();
    if (s->sym_ready) describe_addr(s, addr, 0, where, sizeof(where), &named);
    else lstrcpyA(where, "?");
    printf("  exception 0x%08lx %s at 0x%0*" PRIx64 " %s (%s chance)\n", code,
           exception_name(code), PTR_DIGITS, addr, where,
           info->dwFirstChance ? "first" : "second");
    if (code == EXCEPTION_ACCESS_VIOLATION && rec->NumberParameters >= 2)
    {
        static const char * const kinds[] = { "reading", "writing" };
        ULONG_PTR kind = rec->ExceptionInformation[0];

        printf("            %s address 0x%0*" PRIx64 "\n",
               kind < 2 ? kinds[kind] : kind == 8 ? "executing" : "accessing",
               PTR_DIGITS, (DWORD64)rec->ExceptionInformation[1]);
    }
    if (s->dump_path && !s->dump_written && !is_breakpoint(code) &&
        (!info->dwFirstChance || backtrace_at_first_chance(code)))
        write_dump(s, tid, info);
    if (info->dwFirstChance)
    {
        if (!backtrace_at_first_chance(code)) return DBG_EXCEPTION_NOT_HANDLED;
        print_all_backtraces(s, tid, addr);
        s->shown_thread = tid;
        s->shown_code = code;
        s->shown_addr = addr;
        return is_breakpoint(code) ? DBG_CONTINUE : DBG_EXCEPTION_NOT_HANDLED;
    }
    /* Unhandled: the program would die here without a debugger too. */
    printf("  unhandled, terminating the process\n");
    if (s->shown_thread != tid || s->shown_code != code || s->shown_addr != addr)
        print_all_backtraces(s, tid, addr);
    s->abnormal = TRUE;
    TerminateProcess(s->process, code);
    return DBG_EXCEPTION_NOT_HANDLED;
}

static void debug_loop(struct session *s)
{
    DEBUG_EVENT ev;

    while (!s->exited)
    {
        DWORD status = DBG_CONTINUE;

        if (!WaitForDebugEvent(&ev, INFINITE))
        {
            printf("dbgtrace: WaitForDebugEvent failed, error %lu\n", GetLastError());
            s->abnormal = TRUE;
            return;
        }
        s->events++;
        switch (ev.dwDebugEventCode)
        {
        case CREATE_PROCESS_DEBUG_EVENT:
        {
            CREATE_PROCESS_DEBUG_INFO *info = &ev.u.CreateProcessInfo;
            BOOL wow64 = FALSE;

            s->process = info->hProcess;
            s->pid = ev.dwProcessId;
            add_thread(s, ev.dwThreadId, info->hThread);
            if (IsWow64Process(info->hProcess, &wow64)) s->is_wow64 = wow64;
            SetLastError(0xdeadbeef);
            /* Lines are read only with SYMOPT_LOAD_LINES; deferred loads
             * keep the timeline fast: only modules on a backtrace are read. */
            SymSetOptions(SymGetOptions() | SYMOPT_LOAD_LINES | SYMOPT_DEFERRED_LOADS);
            s->sym_ready = SymInitializeW(info->hProcess, NULL, FALSE);
            if (!s->sym_ready)
                printf("  create SymInitializeW failed, error %lu\n", GetLastError());
            load_module(s, info->hFile, info->lpImageName, info->fUnicode,
                        (DWORD64)(ULONG_PTR)info->lpBaseOfImage);
            if (info->hFile) CloseHandle(info->hFile);
            break;
        }
        case LOAD_DLL_DEBUG_EVENT:
        {
            LOAD_DLL_DEBUG_INFO *info = &ev.u.LoadDll;

            load_module(s, info->hFile, info->lpImageName, info->fUnicode,
                        (DWORD64)(ULONG_PTR)info->lpBaseOfDll);
            if (info->hFile) CloseHandle(info->hFile);
            break;
        }
        case UNLOAD_DLL_DEBUG_EVENT:
            unload_module(s, (DWORD64)(ULONG_PTR)ev.u.UnloadDll.lpBaseOfDll);
            break;
        case EXCEPTION_DEBUG_EVENT:
            status = exception_event(s, ev.dwThreadId, &ev.u.Exception);
            break;
        case OUTPUT_DEBUG_STRING_EVENT:
            output_string(s, &ev.u.DebugString);
            break;
        /* not printed: thread pools make their number vary */
        case CREATE_THREAD_DEBUG_EVENT:
            add_thread(s, ev.dwThreadId, ev.u.CreateThread.hThread);
            break;
        case EXIT_THREAD_DEBUG_EVENT:
            remove_thread(s, ev.dwThreadId);
            break;
        case RIP_EVENT:
            printf("  rip    error %lu type %lu\n", ev.u.RipInfo.dwError, ev.u.RipInfo.dwType);
            s->abnormal = TRUE;
            break;
        case EXIT_PROCESS_DEBUG_EVENT:
            s->exited = TRUE;
            s->exit_code = ev.u.ExitProcess.dwExitCode;
            /* NTSTATUS-like codes (crashes) read better in hex */
            if (s->exit_code >= 0xc0000000)
                printf("  exit   code 0x%08lx\n", s->exit_code);
            else
                printf("  exit   code %lu\n", s->exit_code);
            if (s->sym_ready && !SymCleanup(s->process))
                printf("  exit   SymCleanup failed, error %lu\n", GetLastError());
            s->sym_ready = FALSE;
            break;
        default:
            printf("  event  %lu (unknown)\n", ev.dwDebugEventCode);
            break;
        }
        fflush(stdout);
        if (!ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, status))
        {
            printf("dbgtrace: ContinueDebugEvent failed, error %lu\n", GetLastError());
            s->abnormal = TRUE;
            return;
        }
    }
}


/* ---- post mortem: a minidump instead of a process ------------------------ */

static void *dump_stream(struct session *s, ULONG type, ULONG *size)
{
    void *ptr = NULL;
    ULONG got = 0;

    if (!MiniDumpReadDumpStream((void *)s->dump, type, NULL, &ptr, &got) || !ptr) return NULL;
    if (got > s->dump_size || (size_t)((const BYTE *)ptr - s->dump) > s->dump_size - got) return NULL;
    if (size) *size = got;
    return ptr;
}

/* The bytes of [addr, addr + len) from the dump's memory lists. */
static const BYTE *dump_bytes(struct session *s, DWORD64 addr, DWORD len)
{
    MINIDUMP_MEMORY_LIST *list = dump_stream(s, MemoryListStream, NULL);
    MINIDUMP_MEMORY64_LIST *list64 = dump_stream(s, Memory64ListStream, NULL);
    ULONG64 i;

    if (list)
        for (i = 0; i < list->NumberOfMemoryRanges; i++)
        {
            const MINIDUMP_MEMORY_DESCRIPTOR *d = &list->MemoryRanges[i];

            if (addr >= d->StartOfMemoryRange && addr - d->StartOfMemoryRange <= d->Memory.DataSize &&
                len <= d->Memory.DataSize - (addr - d->StartOfMemoryRange) &&
                d->Memory.Rva + (ULONG64)d->Memory.DataSize <= s->dump_size)
                return s->dump + d->Memory.Rva + (addr - d->StartOfMemoryRange);
        }
    if (list64)
    {
        ULONG64 rva = list64->BaseRva;

        for (i = 0; i < list64->NumberOfMemoryRanges; i++)
        {
            const MINIDUMP_MEMORY_DESCRIPTOR64 *d = &list64->MemoryRanges[i];

            if (addr >= d->StartOfMemoryRange && addr - d->StartOfMemoryRange <= d->DataSize &&
                len <= d->DataSize - (addr - d->StartOfMemoryRange) && rva + d->DataSize <= s->dump_size)
                return s->dump + rva + (addr - d->StartOfMemoryRange);
            rva += d->DataSize;
        }
    }
    return NULL;
}

static BOOL CALLBACK read_dump_memory(HANDLE process, DWORD64 addr, PVOID buf, DWORD size, LPDWORD done)
{
    const BYTE *src = dump_session ? dump_bytes(dump_session, addr, size) : NULL;

    (void)process;
    if (done) *done = 0;
    if (!src) return FALSE;
    memcpy(buf, src, size);
    if (done) *done = size;
    return TRUE;
}

/* The registers of a dumped context for StackWalk*, by the dump's machine. */
static BOOL dump_regs(const void *ctx, ULONG32 ctx_size, DWORD machine, union thread_regs *regs,
                      STACKFRAME_EX *frame)
{
    memset(regs, 0, sizeof(*regs));
    memset(frame, 0, sizeof(*frame));
    frame->StackFrameSize = sizeof(*frame);
    frame->AddrPC.Mode = frame->AddrFrame.Mode = frame->AddrStack.Mode = AddrModeFlat;
#ifdef _WIN64
    if (machine == IMAGE_FILE_MACHINE_AMD64 && ctx_size >= sizeof(CONTEXT))
    {
        memcpy(&regs->native, ctx, sizeof(CONTEXT));
        frame->AddrPC.Offset = regs->native.Rip;
        frame->AddrFrame.Offset = regs->native.Rbp;
        frame->AddrStack.Offset = regs->native.Rsp;
        return TRUE;
    }
    if (machine == IMAGE_FILE_MACHINE_I386 && ctx_size >= sizeof(WOW64_CONTEXT))
    {
        memcpy(&regs->wow64, ctx, sizeof(WOW64_CONTEXT));
        frame->AddrPC.Offset = regs->wow64.Eip;
        frame->AddrFrame.Offset = regs->wow64.Ebp;
        frame->AddrStack.Offset = regs->wow64.Esp;
        return TRUE;
    }
#else
    if (machine == IMAGE_FILE_MACHINE_I386 && ctx_size >= sizeof(CONTEXT))
    {
        memcpy(&regs->native, ctx, sizeof(CONTEXT));
        frame->AddrPC.Offset = regs->native.Eip;
        frame->AddrFrame.Offset = regs->native.Ebp;
        frame->AddrStack.Offset = regs->native.Esp;
        return TRUE;
    }
#endif
    return FALSE;
}

static int postmortem(const WCHAR *path)
{
    struct session s = {0};
    HANDLE file, map;
    MINIDUMP_SYSTEM_INFO *si;
    MINIDUMP_MODULE_LIST *mods;
    MINIDUMP_THREAD_LIST *threads;
    MINIDUMP_EXCEPTION_STREAM *exc;
    MINIDUMP_MISC_INFO *misc;
    WCHAR dir[MAX_PATH], *slash;
    char buf[MAX_PATH * 3];
    DWORD machine = 0, i;
    int rc = 0;

    printf("dbgtrace: dump %s\n", narrow(path, buf, sizeof(buf)));
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        printf("dbgtrace: cannot open the dump, error %lu\n", GetLastError());
        return 2;
    }
    s.dump_size = GetFileSize(file, NULL);
    map = s.dump_size ? CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL) : NULL;
    s.dump = map ? MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0) : NULL;
    if (!s.dump || s.dump_size < sizeof(MINIDUMP_HEADER) ||
        ((const MINIDUMP_HEADER *)s.dump)->Signature != 0x504d444d /* MDMP */)
    {
        printf("dbgtrace: not a minidump\n");
        if (s.dump) UnmapViewOfFile(s.dump);
        if (map) CloseHandle(map);
        CloseHandle(file);
        return 2;
    }
    dump_session = &s;
    if ((si = dump_stream(&s, SystemInfoStream, NULL)))
    {
        machine = si->ProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 ? IMAGE_FILE_MACHINE_AMD64
                  : si->ProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL ? IMAGE_FILE_MACHINE_I386 : 0;
        printf("  system %s, %u processors, Windows %lu.%lu.%lu\n",
               machine == IMAGE_FILE_MACHINE_AMD64 ? "x86_64" : machine ? "i386" : "unknown cpu",
               si->NumberOfProcessors, (unsigned long)si->MajorVersion, (unsigned long)si->MinorVersion,
               (unsigned long)si->BuildNumber);
    }
    /* The documented stream types the dump has, as MiniDumpReadDumpStream
     * finds them: type and size. */
    {
        ULONG type, size;

        printf("  streams");
        for (type = ThreadListStream; type <= 24; type++)
            if (dump_stream(&s, type, &size)) printf(" %lu:%lu", type, size);
        printf("\n");
    }
    if ((misc = dump_stream(&s, MiscInfoStream, NULL)) && (misc->Flags1 & MINIDUMP_MISC1_PROCESS_ID))
        printf("  process 0x%04lx\n", (unsigned long)misc->ProcessId);

    /* A fake handle: dbghelp reads nothing of the process through it. */
    s.process = (HANDLE)(ULONG_PTR)0xd0d0;
    SymSetOptions(SymGetOptions() | SYMOPT_LOAD_LINES | SYMOPT_DEFERRED_LOADS);
    /* Images are looked for where the dump says, then by name beside the
     * dump and in the current directory. */
    lstrcpynW(dir, path, MAX_PATH);
    if ((slash = wcsrchr(dir, '\\')) || (slash = wcsrchr(dir, '/'))) *slash = 0;
    else lstrcpyW(dir, L".");
    lstrcatW(dir, L";.");
    s.sym_ready = SymInitializeW(s.process, dir, FALSE);
    if (!s.sym_ready) printf("  SymInitializeW failed, error %lu\n", GetLastError());
    if ((mods = dump_stream(&s, ModuleListStream, NULL)))
        for (i = 0; i < mods->NumberOfModules; i++)
        {
            const MINIDUMP_MODULE *m = &mods->Modules[i];
            const MINIDUMP_STRING *name = (const void *)(s.dump + m->ModuleNameRva);
            WCHAR wname[MAX_PATH];
            ULONG32 len = m->ModuleNameRva <= s.dump_size - 4 ? name->Length / sizeof(WCHAR) : 0;
            DWORD64 base;

            if (len >= MAX_PATH || m->ModuleNameRva + 4 + (ULONG64)len * 2 > s.dump_size) len = 0;
            memcpy(wname, name->Buffer, len * sizeof(WCHAR));
            wname[len] = 0;
            base = s.sym_ready ? SymLoadModuleExW(s.process, NULL, wname, NULL, m->BaseOfImage, m->SizeOfImage,
                                                  NULL, 0) : 0;
            printf("  module 0x%0*" PRIx64 " 0x%08lx %s%s\n", PTR_DIGITS, (DWORD64)m->BaseOfImage,
                   (unsigned long)m->SizeOfImage, narrow(wname, buf, sizeof(buf)),
                   base || GetLastError() == ERROR_SUCCESS ? "" : "  (not loaded)");
        }
    resolve_optional();
    exc = dump_stream(&s, ExceptionStream, NULL);
    threads = dump_stream(&s, ThreadListStream, NULL);
    if (exc)
    {
        const MINIDUMP_EXCEPTION *rec = &exc->ExceptionRecord;
        char where[MAX_SYM_NAME + MAX_PATH * 3 + 64];
        BOOL named;

        describe_addr(&s, rec->ExceptionAddress, 0, where, sizeof(where), &named);
        printf("  exception 0x%08lx %s at 0x%0*" PRIx64 " %s (thread 0x%04lx)\n",
               (unsigned long)rec->ExceptionCode, exception_name(rec->ExceptionCode), PTR_DIGITS,
               (DWORD64)rec->ExceptionAddress, where, (unsigned long)exc->ThreadId);
        if (rec->ExceptionCode == EXCEPTION_ACCESS_VIOLATION && rec->NumberParameters >= 2)
            printf("            %s address 0x%0*" PRIx64 "\n",
                   rec->ExceptionInformation[0] == 0 ? "reading" : rec->ExceptionInformation[0] == 1 ? "writing"
                   : rec->ExceptionInformation[0] == 8 ? "executing" : "accessing",
                   PTR_DIGITS, (DWORD64)rec->ExceptionInformation[1]);
    }
    /* The faulting thread first, from the exception's context; then the
     * others from theirs. */
    for (i = 0; threads && i <= threads->NumberOfThreads; i++)
    {
        const MINIDUMP_THREAD *t = NULL;
        const MINIDUMP_LOCATION_DESCRIPTOR *loc;
        union thread_regs regs;
        STACKFRAME_EX frame;
        DWORD tid;

        if (i == 0)
        {
            if (!exc) continue;
            tid = exc->ThreadId;
            loc = &exc->ThreadContext;
        }
        else
        {
            t = &threads->Threads[i - 1];
            if (exc && t->ThreadId == exc->ThreadId) continue;
            tid = t->ThreadId;
            loc = &t->ThreadContext;
        }
        printf("  bt     thread 0x%04lx%s\n", (unsigned long)tid, i == 0 ? " (faulting thread)" : "");
        if (!loc->Rva || loc->Rva + (ULONG64)loc->DataSize > s.dump_size ||
            !dump_regs(s.dump + loc->Rva, loc->DataSize, machine, &regs, &frame))
        {
            printf("  bt     no usable context\n");
            continue;
        }
        if (!s.sym_ready) continue;
        walk_and_print(&s, NULL, machine, &regs, &frame,
                       i == 0 ? exc->ExceptionRecord.ExceptionAddress : 0);
    }
    if (!threads)
    {
        printf("dbgtrace: the dump has no thread list\n");
        rc = 1;
    }
    if (s.sym_ready) SymCleanup(s.process);
    dump_session = NULL;
    UnmapViewOfFile(s.dump);
    CloseHandle(map);
    CloseHandle(file);
    return rc;
}

/* Quotes one argument so that CommandLineToArgvW and the C runtime give it
 * back unchanged: backslashes double only in front of a quote. */
static WCHAR *append_arg(WCHAR *dst, const WCHAR *arg)
{
    const WCHAR *p;

    if (arg[0] && !wcspbrk(arg, L" \t\n\v\""))
    {
        lstrcpyW(dst, arg);
        return dst + wcslen(arg);
    }
    *dst++ = '"';
    for (p = arg; ; p++)
    {
        unsigned int slashes = 0, i;

        while (*p == '\\') { p++; slashes++; }
        if (!*p)
        {
            for (i = 0; i < slashes * 2; i++) *dst++ = '\\';
            break;
        }
        if (*p == '"')
        {
            for (i = 0; i < slashes * 2 + 1; i++) *dst++ = '\\';
        }
        else
        {
            for (i = 0; i < slashes; i++) *dst++ = '\\';
        }
        *dst++ = *p;
    }
    *dst++ = '"';
    *dst = 0;
    return dst;
}

static void usage(void)
{
    printf("usage: dbgtrace [--check] [--all-threads] [--dump FILE] [program.exe [args...]]\n"
           "       dbgtrace FILE.dmp\n"
           "  Runs program.exe (default: sample.exe beside dbgtrace.exe) under the\n"
           "  Win32 debug API, feeds its module events to dbghelp and prints a\n"
           "  timeline; after each load and unload, checks that dbghelp's module\n"
           "  list equals the modules the process reported.\n"
           "  --check  exit with status 1 if a check failed or the program did not\n"
           "           exit normally with code 0\n"
           "  On an exception (fault, breakpoint, C++ throw) it prints the exception and\n"
           "  a symbolized backtrace of the faulting thread.\n"
           "  --all-threads  print the backtrace of every thread\n"
           "  --dump FILE    write a minidump of the program at its first fault\n"
           "  Given a .dmp file, it prints the dump's system, modules, exception and\n"
           "  the backtrace of every thread.\n");
}

int main(void)
{
    static WCHAR sample[MAX_PATH + 16];
    struct session s = {0};
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR **argv, *cmdline, *p, dbghelp_path[MAX_PATH];
    const WCHAR *program;
    BOOL check = FALSE;
    size_t len;
    int argc, i, first;
    char buf[MAX_PATH * 3];
    HMODULE dbghelp;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) return 2;
    for (first = 1; first < argc; first++)
    {
        if (!wcscmp(argv[first], L"--check")) check = TRUE;
        else if (!wcscmp(argv[first], L"--all-threads")) s.all_threads = TRUE;
        else if (!wcscmp(argv[first], L"--dump") && first + 1 < argc) s.dump_path = argv[++first];
        else if (!wcscmp(argv[first], L"--help") || !wcscmp(argv[first], L"-h"))
        {
            usage();
            return 0;
        }
        else if (!wcscmp(argv[first], L"--"))
        {
            first++;
            break;
        }
        else if (argv[first][0] == '-')
        {
            usage();
            return 2;
        }
        else break;
    }

    if (first < argc && wcslen(argv[first]) > 4 && !_wcsicmp(argv[first] + wcslen(argv[first]) - 4, L".dmp"))
    {
        int rc = postmortem(argv[first]);

        LocalFree(argv);
        return rc;
    }
    if (first < argc)
        program = argv[first];
    else
    {
        /* the bundled sample lives next to us */
        DWORD n = GetModuleFileNameW(NULL, sample, MAX_PATH);
        if (!n || n >= MAX_PATH) return 2;
        lstrcpyW((WCHAR *)file_part(sample), L"sample.exe");
        program = sample;
    }

    len = 2 * wcslen(program) + 3;
    for (i = first + 1; i < argc; i++) len += 2 * wcslen(argv[i]) + 4;
    if (!(cmdline = malloc(len * sizeof(WCHAR)))) return 2;
    p = append_arg(cmdline, program);
    for (i = first + 1; i < argc; i++)
    {
        *p++ = ' ';
        p = append_arg(p, argv[i]);
    }

    /* Which dbghelp.dll answers matters more than anything else here. */
    dbghelp = GetModuleHandleW(L"dbghelp.dll");
    if (dbghelp && GetModuleFileNameW(dbghelp, dbghelp_path, MAX_PATH))
        printf("dbgtrace: dbghelp %s\n", narrow(dbghelp_path, buf, sizeof(buf)));
    printf("dbgtrace: running %s\n", narrow(cmdline, buf, sizeof(buf)));
    fflush(stdout);

    if (!CreateProcessW(NULL, cmdline, NULL, NULL, FALSE, DEBUG_ONLY_THIS_PROCESS,
                        NULL, NULL, &si, &pi))
    {
        printf("dbgtrace: cannot start %s, error %lu\n",
               narrow(cmdline, buf, sizeof(buf)), GetLastError());
        free(cmdline);
        LocalFree(argv);
        return 2;
    }

    debug_loop(&s);
    if (!s.exited)
    {
        /* the loop broke down: do not leave a stopped debuggee behind */
        TerminateProcess(pi.hProcess, 1);
        DebugActiveProcessStop(pi.dwProcessId);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    printf("dbgtrace: %u events, %u loads, %u unloads, %u checks, %u mismatches\n",
           s.events, s.loads, s.unloads, s.checks, s.mismatches);
    fflush(stdout);
    free(s.mods);
    free(s.threads);
    free(cmdline);
    LocalFree(argv);

    if (check && (s.mismatches || s.abnormal || !s.exited || s.exit_code))
        return 1;
    return 0;
}
