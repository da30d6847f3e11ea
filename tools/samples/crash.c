/*
 * crash.c: the crash sample, the README's demo.  It loads crashdll.dll and
 * crashaux.dll from its own directory, unloads crashaux.dll, then calls
 * crash_entry in crashdll.dll, which crashes three calls deep (see
 * crashdll.c):
 *   main -> run_crash -> crash_entry -> crash_middle -> crash_leaf
 *        -> crash_poke (inlined): access violation writing address 0
 *
 *   crash.exe [int3 | ill | overflow | throw]
 * "int3" executes a breakpoint in crash_leaf instead and exits with 0 when
 * the debugger continues it; "ill" executes an illegal instruction (ud2) in
 * crash_leaf; "overflow" overflows the stack in crash_recurse, which
 * crash_leaf calls (crashdll.c); "throw" loads crashxx.dll (crashxx.cpp)
 * and calls crashxx_entry, which throws a C++ exception that nothing
 * catches (the C++ runtime aborts: exit code 3).  Exit codes 1-4 and 6-9
 * mean a setup step failed, 5 a wrong result.
 * A second thread waits in crash_idle_thread meanwhile (not in overflow
 * mode, see main), for the debugger's --all-threads.
 * Every frame's line carries a "crash-line: NAME" marker for the tests.
 */

#include <windows.h>
#include <string.h>
/* clang (the PDB build) has no noipa: noinline keeps the frames. */
#ifdef __clang__
#define SAMPLE_NOIPA __attribute__((noinline))
#else
#define SAMPLE_NOIPA __attribute__((noipa))
#endif

typedef int (*crash_entry_func)(int);
typedef int (*crash_aux_func)(void);

/* Loads a DLL from this program's own directory. */
static HMODULE load_beside(const char *name)
{
    char path[MAX_PATH + 32], *slash;
    DWORD len = GetModuleFileNameA(NULL, path, MAX_PATH);

    if (!len || len >= MAX_PATH) return NULL;
    slash = strrchr(path, '\\');
    strcpy(slash ? slash + 1 : path, name);
    return LoadLibraryA(path);
}

volatile int crash_main_sink;

SAMPLE_NOIPA DWORD WINAPI crash_idle_thread(void *event);

static HANDLE idle_started, idle_never;

/* Says it runs, then waits until the process ends. */
SAMPLE_NOIPA DWORD WINAPI crash_idle_thread(void *arg)
{
    DWORD ret;

    SetEvent(idle_started);
    ret = WaitForSingleObject(idle_never, INFINITE); /* crash-line: crash_idle_thread */
    return ret + crash_main_sink + (arg != NULL);
}

SAMPLE_NOIPA int run_crash(crash_entry_func entry, int mode);

SAMPLE_NOIPA int run_crash(crash_entry_func entry, int mode)
{
    int ret = entry(mode); /* crash-line: run_crash */
    return ret + crash_main_sink;
}

int main(int argc, char **argv)
{
    HMODULE dll, aux;
    crash_entry_func entry;
    crash_aux_func answer;
    static const char * const modes[] = { "", "int3", "ill", "overflow", "throw" };
    int mode = 0;
    HANDLE idle;

    if (argc > 1)
    {
        for (mode = 1; mode < (int)(sizeof(modes) / sizeof(modes[0])); mode++)
            if (!strcmp(argv[1], modes[mode])) break;
        if (mode == (int)(sizeof(modes) / sizeof(modes[0]))) return 9;
    }
    if (!(dll = load_beside("crashdll.dll"))) return 1;
    if (!(aux = load_beside("crashaux.dll"))) return 2;
    answer = (crash_aux_func)(void *)GetProcAddress(aux, "crash_aux_answer");
    if (!answer || answer() != 42) return 3;
    FreeLibrary(aux);
    entry = (crash_entry_func)(void *)GetProcAddress(dll, "crash_entry");
    if (!entry) return 4;
    if (mode == 4) /* the C++ throw */
    {
        HMODULE xx = load_beside("crashxx.dll");

        if (!xx) return 8;
        entry = (crash_entry_func)(void *)GetProcAddress(xx, "crashxx_entry");
        if (!entry) return 8;
        mode = 0;
    }
    idle_started = CreateEventA(NULL, TRUE, FALSE, NULL);
    idle_never = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!idle_started || !idle_never) return 6;
    /* Not with a stack overflow: Wine 8.0 cannot run the exception
     * dispatcher in what is left of the stack (it faults again past the
     * stack's end and ends the thread), and the idle thread would then keep
     * the process alive for ever. */
    if (mode != 3)
    {
        if (!(idle = CreateThread(NULL, 0, crash_idle_thread, NULL, 0, NULL))) return 7;
        CloseHandle(idle);
        /* into its wait, past SetEvent */
        WaitForSingleObject(idle_started, INFINITE);
        Sleep(20);
    }
    return run_crash(entry, mode) == 4 ? 0 : 5; /* crash-line: main */
}
