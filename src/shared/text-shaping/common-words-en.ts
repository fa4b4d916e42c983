/**
 * Frequent English words, lower case. Two uses: such a word is never "corrected" into a listed word
 * (vocabulary), and a capital whisper put on such a word at the start of a piece is taken off when the
 * piece continues a sentence. Words that are also common first names or months (may, mark, will, grace,
 * june, ...) are left out on purpose: lower-casing a name is worse than keeping a stray capital.
 */
const WORDS = `
a about above across act actually add after again against ago ah all almost alone along already also
although always am among amount an and another answer any anyone anything anyway app apply are area
aren't around as ask asked at away back bad base be became because become been before began begin
behind being believe below best better between big bit black blue board body book both box bring
broke brought build built business but buy by call called came can can't cannot car care case catch
cause certain chance change check child children choose city class clean clear click client clock
clone close code cold colon color colour come coming comma common company complete computer could
couldn't country couple course cover create cube cup current cut dark data day days dead deal dear
decide deep deploy did didn't die different do does doesn't doing don't done door down draw drive
drop during each early easy eat edit either else email end enough enter even evening ever every
everyone everything example except eye eyes face fact fail fair fall family far fast feel feet felt
few field figure file fill final find fine finish fire first fit five fix floor follow food foot
for form forward found four free friend from front full fun game gave get gets getting give given
go goes going gone good got great green ground group grow had half hand happen happy hard has
hasn't have haven't having he he'd he'll he's head hear heard heart hello help her here hers herself
hey hi high him himself his hit hold home hope hour hours house how however hub huge hundred i'd
i'll i'm i've idea if important in include inside instead into is isn't issue it it's its itself
job just keep kept key kid kind knew know known large last late later learn least leave left less
let let's letter life light like line list listen little live long look looking lost lot love low
made main make makes making man many matter me mean meant meet meeting merge message might mind
minute minutes miss moment money month more morning most mother move much must my myself name
near need needed never new next nice night no none nor not note nothing now number of off office
often oh okay old on once one only open or order other others our out outside over own page paper
part party pass past pay people per perhaps person phone pick piece place plan play please point
post power pray prayer prefer present pretty probably problem pull push put question quick quickly
quite rather reach read ready real really reason red remember rest right road room round run said
same save saw say saying says school screen second see seem seemed seen self send sense sent set
seven several shall she she'd she'll she's short should shouldn't show side simple since sit six
small so some someone something sometimes soon sorry sound speak start state stay still stop story
street string strong such sure system table take taken talk tell ten test text than thank thanks
that that's the their theirs them then there there's these they they'd they'll they're they've
thing things think third this those though thought three through time times to today together told
too took top toward town tree tried true try trying turn two type under understand until up upon
us use used user using usually very wait walk want wanted was wasn't watch water way we we'd we'll
we're we've week weeks well went were weren't what what's when where whether which while white who
who's whole whom whose why wide wife window with within without woman women won't word words work
working world would wouldn't write wrong year years yes yet you you'd you'll you're you've young your
yours yourself
`;

export const COMMON_WORDS_EN: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** The small words of English (articles, prepositions, pronouns, auxiliaries). */
export const SMALL_WORDS_EN: ReadonlySet<string> = new Set(
  'a an the in on of to at by for from as and or but if so is it be am are was we he she i me my you your its our no not up do'.split(
    ' ',
  ),
);
