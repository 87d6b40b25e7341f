/*
 * wire_buf.h - bounds-checked big-endian reader and writer over a byte
 * span, shared by the wire_*.c codecs only.  Both keep a sticky error:
 * after the first failure every call is a no-op returning zeros, so a
 * codec can read or write a whole layout and check once at the end.
 * Invariant: no call ever touches a byte outside [p, p + len/cap).
 */
#ifndef MW_WIRE_BUF_H
#define MW_WIRE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

struct mw_rd {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	int		 err;		/* first error, MW_OK while none */
};

struct mw_wr {
	uint8_t		*p;
	size_t		 cap;		/* writable bytes */
	size_t		 off;
	int		 err;
};

void		 mw_rd_init(struct mw_rd *, const uint8_t *, size_t);
uint8_t		 mw_rd_u8(struct mw_rd *);
int8_t		 mw_rd_i8(struct mw_rd *);
uint16_t	 mw_rd_u16(struct mw_rd *);
int16_t		 mw_rd_i16(struct mw_rd *);
uint32_t	 mw_rd_u32(struct mw_rd *);
int32_t		 mw_rd_i32(struct mw_rd *);
const uint8_t	*mw_rd_span(struct mw_rd *, size_t);
void		 mw_rd_bytes(struct mw_rd *, void *, size_t);
void		 mw_rd_skip(struct mw_rd *, size_t);
void		 mw_rd_fixstr(struct mw_rd *, char *, size_t);
const char	*mw_rd_cstr(struct mw_rd *);
size_t		 mw_rd_left(const struct mw_rd *);
void		 mw_rd_fail(struct mw_rd *, int);
int		 mw_rd_end(const struct mw_rd *);
int		 mw_rd_end_pad(const struct mw_rd *);

void		 mw_wr_init(struct mw_wr *, uint8_t *, size_t);
void		 mw_wr_u8(struct mw_wr *, uint8_t);
void		 mw_wr_u16(struct mw_wr *, uint16_t);
void		 mw_wr_u32(struct mw_wr *, uint32_t);
void		 mw_wr_bytes(struct mw_wr *, const void *, size_t);
void		 mw_wr_zero(struct mw_wr *, size_t);
void		 mw_wr_fixstr(struct mw_wr *, const char *, size_t);
void		 mw_wr_cstr(struct mw_wr *, const char *, size_t);
void		 mw_wr_fail(struct mw_wr *, int);

#define mw_wr_i8(w, v)	mw_wr_u8((w), (uint8_t)(v))
#define mw_wr_i16(w, v)	mw_wr_u16((w), (uint16_t)(v))
#define mw_wr_i32(w, v)	mw_wr_u32((w), (uint32_t)(v))

/* Packet writer: header first, length patched by mw_pkt_end(). */
void		 mw_pkt_begin(struct mw_wr *, uint8_t *, size_t, uint16_t);
int		 mw_pkt_end(struct mw_wr *, size_t *);

/*
 * Helpers the wire_*.c files share: list building and scanning driven by
 * one entry reader/writer per entry kind, and the player structures that
 * several packets embed.
 */
typedef int	mw_get_fn(struct mw_rd *, void *);
typedef void	mw_put_fn(struct mw_wr *, const void *);

int	mw_list_scan(const uint8_t *, size_t, uint16_t, mw_get_fn *, void *,
	    struct mw_iter *);
int	mw_iter_next(struct mw_iter *, mw_get_fn *, void *);
int	mw_list_add(struct mw_list *, int, mw_put_fn *, const void *);
int	mw_list_encode(uint8_t *, size_t, size_t *, uint16_t, mw_put_fn *,
	    const void *, size_t, size_t);

int	mw_text_decode(const uint8_t *, size_t, struct mw_text *);
int	mw_text_encode(uint8_t *, size_t, size_t *, uint16_t,
	    const struct mw_text *);

void	mw_get_player_aux(struct mw_rd *, struct mw_player_aux *);
void	mw_put_player_aux(struct mw_wr *, const struct mw_player_aux *,
	    size_t);
int	mw_get_player_data(struct mw_rd *, size_t, struct mw_player_data *);
size_t	mw_player_data_size(const struct mw_player_data *);
void	mw_put_player_data(struct mw_wr *, const struct mw_player_data *);
void	mw_get_rgb(struct mw_rd *, struct mw_rgb *);
void	mw_put_rgb(struct mw_wr *, const struct mw_rgb *);

#endif /* MW_WIRE_BUF_H */
