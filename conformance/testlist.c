/* testlist.c: the areas of the conformance program, one per API family. */
#include "wtest.h"

struct wtest_area
{
    const char *name;
    void (*func)(void);
};

#define AREA(name) extern void func_##name(void);
#include "areas.h"
#undef AREA

#define AREA(name) { #name, func_##name },
extern const struct wtest_area wtest_areas[];
const struct wtest_area wtest_areas[] = {
#include "areas.h"
    { 0, 0 }
};
