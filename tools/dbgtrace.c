/*
 * dbgtrace: a small console debugger that drives dbghelp the way real
 * debuggers do, and checks after every module event that dbghelp's module
 * list agrees with what the debuggee told us.
 *
 *   dbgtrace.exe [--check] [program.exe [args...]]
 *
 * Without a program it runs sample.exe from dbgtrace.exe's own directory.
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
 * The hFile handles of CREATE_PROCESS and LOAD_DLL belong to the debugger,
 * which must close them; the process and thread handles of the events belong
 * to the system, which closes them on the matching exit events.
 */

#include <windows.h>
#include <shellapi.h>
#include <psapi.h>
#include <dbghelp.h>
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

/* The state of one debugging session; there is only one debuggee. */
struct session
{
    HANDLE  process;          /* hProcess of CREATE_PROCESS (owned by the system) */
    BOOL    sym_ready;        /* SymInitializeW succeeded on process */
    BOOL    is_wow64;         /* debuggee pointers are 4 bytes */
    BOOL    seen_breakpoint;  /* the loader's initial breakpoint went by */
    BOOL    abnormal;         /* second-chance exception or other trouble */
    BOOL    exited;
    DWORD   exit_code;
    struct traced_module *mods;
    unsigned int mod_count, mod_size;
    unsigned int events, loads, unloads, checks, mismatches;
};

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

static DWORD exception_event(struct session *s, const EXCEPTION_DEBUG_INFO *info)
{
    const EXCEPTION_RECORD *rec = &info->ExceptionRecord;
    DWORD code = rec->ExceptionCode;

    /* The loader stops once in a breakpoint before running the program
     * (STATUS_WX86_BREAKPOINT for a WOW64 debuggee): that one is ours. */
    if (info->dwFirstChance && !s->seen_breakpoint &&
        (code == EXCEPTION_BREAKPOINT || code == 0x4000001f /* STATUS_WX86_BREAKPOINT */))
    {
        s->seen_breakpoint = TRUE;
        printf("  break  initial breakpoint\n");
        return DBG_CONTINUE;
    }
    printf("  exception 0x%08lx at 0x%0*" PRIx64 " (%s chance)\n", code,
           PTR_DIGITS, (DWORD64)(ULONG_PTR)rec->ExceptionAddress,
           info->dwFirstChance ? "first" : "second");
    if (info->dwFirstChance) return DBG_EXCEPTION_NOT_HANDLED;
    /* Unhandled: the program would die here without a debugger too. */
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
            if (IsWow64Process(info->hProcess, &wow64)) s->is_wow64 = wow64;
            SetLastError(0xdeadbeef);
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
            status = exception_event(s, &ev.u.Exception);
            break;
        case OUTPUT_DEBUG_STRING_EVENT:
            output_string(s, &ev.u.DebugString);
            break;
        case CREATE_THREAD_DEBUG_EVENT:
        case EXIT_THREAD_DEBUG_EVENT:
            /* counted only: thread pools make their number vary */
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
    printf("usage: dbgtrace [--check] [program.exe [args...]]\n"
           "  Runs program.exe (default: sample.exe beside dbgtrace.exe) under the\n"
           "  Win32 debug API, feeds its module events to dbghelp and prints a\n"
           "  timeline; after each load and unload, checks that dbghelp's module\n"
           "  list equals the modules the process reported.\n"
           "  --check  exit with status 1 if a check failed or the program did not\n"
           "           exit normally with code 0\n");
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
    free(cmdline);
    LocalFree(argv);

    if (check && (s.mismatches || s.abnormal || !s.exited || s.exit_code))
        return 1;
    return 0;
}
