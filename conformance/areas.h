/* The conformance areas, in the order `make check` runs them.  Each one is
 * conformance/NAME.c with START_TEST(NAME). */
AREA(process)
AREA(module)
AREA(enum)
AREA(callback)
AREA(imagehlp)
AREA(image)
AREA(badpe)
AREA(threads)
AREA(stack)
AREA(symbol)
AREA(line)
AREA(undname)
