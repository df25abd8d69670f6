// The file server's own declarations (fs/*.c).

#include <inc/fs.h>
#include <inc/lib.h>

// The disk's blocks appear at DISKMAP + blockno * BLKSIZE in the file
// server's address space, mapped on first touch by bc_pgfault. That
// bounds the disk at DISKSIZE.
#define DISKMAP		0x10000000
#define DISKSIZE	0xC0000000

extern struct Super *super;	// the super block, in the block cache
extern uint32_t *bitmap;	// the free-block bitmap, in the block cache

// ide.c
int	ide_probe_disk1(uint32_t *nsectors);
int	ide_read(uint32_t secno, void *dst, size_t nsecs);
int	ide_write(uint32_t secno, const void *src, size_t nsecs);

// bc.c
void	*diskaddr(uint32_t blockno);
uint32_t blockof(void *va);
bool	va_is_mapped(void *va);
bool	va_is_dirty(void *va);
void	flush_block(void *addr);
void	flush_blocks(uint32_t blockno, uint32_t n);
void	bc_init(void);
int	bc_fresh_block(uint32_t blockno);
void	bc_drop_block(uint32_t blockno);

// fs.c
int	fs_init(uint32_t disk_blocks);
int	file_get_block(struct File *f, uint32_t file_blockno, char **pblk);
int	file_create(const char *path, int type, struct File **f);
int	file_open(const char *path, struct File **f);
ssize_t	file_read(struct File *f, void *buf, size_t count, off_t offset);
ssize_t	file_write(struct File *f, const void *buf, size_t count, off_t offset);
int	file_set_size(struct File *f, off_t newsize);
void	file_flush(struct File *f);
int	file_remove(const char *path, struct File **removed);
void	fs_sync(void);

bool	block_is_free(uint32_t blockno);
int	alloc_block(void);
void	free_block(uint32_t blockno);

// test.c
void	fs_test(void);
