"""Team channels: opt-in sharing of how interviews stand, the channel records, milestone posts,
the weekly digest and the board. It may import every layer below it (`contract`, `language`,
`plan`, `account`, `coaching`), never `features` or `engine`."""
