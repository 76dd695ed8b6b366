"""The core's contract with everything around it: the plain data that crosses a boundary
(`Incoming`, `Reply`, the stored records, button payloads), the ports that storage and the
adapters implement (`Repository`, `Sender`, `ChannelPoster`), the clock, the per-turn context and
the shape of a flow. It imports nothing else from Hearback: every other layer may import it."""
