// The on-disk layout of the file system and the IPC protocol between the
// file server (fs/) and its clients (lib/file.c). Names as in JOS lab 5.

#ifndef JOS_INC_FS_H
#define JOS_INC_FS_H

#include <inc/types.h>
#include <inc/mmu.h>

// A block is a page, so the file server maps one block per page.
#define BLKSIZE		PGSIZE
#define BLKBITSIZE	(BLKSIZE * 8)	// blocks one bitmap block covers
#define SECTSIZE	512		// the disk's sector
#define BLKSECTS	(BLKSIZE / SECTSIZE)

#define MAXNAMELEN	128		// a path component, with its NUL
#define MAXPATHLEN	1024		// a whole path, with its NUL

// A file's blocks: NDIRECT listed in struct File, the rest in one
// indirect block of block numbers. That caps a file at about 4 MiB.
#define NDIRECT		10
#define NINDIRECT	(BLKSIZE / 4)
#define MAXFILESIZE	((NDIRECT + NINDIRECT) * BLKSIZE)

// A file or directory, as stored in its directory's data blocks (the root
// lives in the super block). 256 bytes, so a block holds 16.
struct File {
	char f_name[MAXNAMELEN];	// NUL-terminated; "" is a free slot
	off_t f_size;			// bytes
	uint32_t f_type;		// FTYPE_*
	uint32_t f_direct[NDIRECT];	// block numbers; 0 is "none"
	uint32_t f_indirect;		// block of further block numbers, or 0
	// Pad to 256 bytes. The file server keeps its own notes about an
	// open file elsewhere, never here.
	uint8_t f_pad[256 - MAXNAMELEN - 8 - 4 * NDIRECT - 4];
} __attribute__((packed));

#define BLKFILES	(BLKSIZE / sizeof(struct File))

#define FTYPE_REG	0
#define FTYPE_DIR	1

// Block 0 holds the boot sector (unused), block 1 the super block, blocks
// 2 .. 2 + nbitmap - 1 the free-block bitmap (a set bit is a free block).
#define FS_MAGIC	0x4A0530AE

struct Super {
	uint32_t s_magic;		// FS_MAGIC
	uint32_t s_nblocks;		// blocks on the disk
	struct File s_root;		// the root directory
};

// Requests to the file server: the value of the IPC, with a union Fsipc
// in the page sent along.
enum {
	FSREQ_OPEN = 1,		// reply: the struct Fd page, shared
	FSREQ_SET_SIZE,
	FSREQ_READ,		// reply: the bytes, in the request page
	FSREQ_WRITE,
	FSREQ_STAT,
	FSREQ_FLUSH,
	FSREQ_REMOVE,
	FSREQ_SYNC,
};

union Fsipc {
	struct Fsreq_open {
		char req_path[MAXPATHLEN];
		int req_omode;
	} open;
	struct Fsreq_set_size {
		int req_fileid;
		off_t req_size;
	} set_size;
	struct Fsreq_read {
		int req_fileid;
		size_t req_n;
	} read;
	struct Fsret_read {
		char ret_buf[PGSIZE];
	} readRet;
	struct Fsreq_write {
		int req_fileid;
		size_t req_n;
		char req_buf[PGSIZE - (sizeof(int) + sizeof(size_t))];
	} write;
	struct Fsreq_stat {
		int req_fileid;
	} stat;
	struct Fsret_stat {
		char ret_name[MAXNAMELEN];
		off_t ret_size;
		int ret_isdir;
	} statRet;
	struct Fsreq_flush {
		int req_fileid;
	} flush;
	struct Fsreq_remove {
		char req_path[MAXPATHLEN];
	} remove;

	// A request is exactly one page.
	char _pad[PGSIZE];
};

#endif /* !JOS_INC_FS_H */
