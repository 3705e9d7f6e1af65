/* Memory for linked translations: one mapping, readable, writable and
 * executable, handed out by bumping a pointer. Mapping and mprotecting
 * memory per object costs a TLB shootdown each time in a process with
 * threads, which dominated the start of programs whose regions come from
 * the code store. Translations are never freed. */
#ifndef XL_CODE_MEMORY_H
#define XL_CODE_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/* size bytes aligned to align (a power of two), within 32-bit reach of
 * all other translated code; exits with a message when the arena is
 * full. */
uint8_t *xl_code_alloc(size_t size, size_t align);
/* The linker wrote [start, start + size): make it executable as written. */
void xl_code_publish(uint8_t *start, size_t size);

#endif
