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
able above accept account address afternoon agree air allow angry animal apple apples april arm army
art article attack attention aunt baby bag ball bank bar bath bathroom beach bear beautiful bed
bedroom beer begin bell belt bike bird birthday bit bite blood boat bone book books boot boots bottle
bottom boy brain bread break breakfast bridge brother brown budget bug bus busy butter button cake
camera camp cap captain card careful carry cat cell center centre chair cheap cheese chicken chief
chocolate church circle clothes cloud club coast coat coffee coin college computer cook cookie cool
corner correct cost cotton count cousin cow crazy cream crowd cry customer dance danger date daughter
debug decision desk dinner dirty dish doctor dog doll dollar double dream dress drink dry duck dust
ear earth east egg eggs eight eleven empty energy engine english error event evidence exam excuse
expensive explain fan farm farmer fat father fault fear feature fee fifty fight film finger fish flag
flat flight flower fly fold foreign forest forget fork forty fresh fridge fruit funny future garden
gas gate girl glass gold golf government grade grandfather grandmother grass guess guest guitar gun
guy hair hall hat heat heavy hill history hole holiday horse hospital hot hotel hungry husband ice
image inch industry island jacket jam jar joke juice jump kernel kick kill king kitchen kiss knee
knife lady lake lamp land language laptop law lawyer lazy leader leaf leg lemon lesson level library
lie lift lion lip load local lock loud lunch machine magazine mail manager map market married meal
meat medicine member menu metal middle mile milk million minister mirror mistake model modern moon
mountain mouse mouth movie music narrow nation natural neck neighbour neighbor nest net network news
newspaper nine noise noon north nose notes nurse ocean oil onion orange owner pack pain paint pair
pan pants parent parents park partner passenger pasta path patient pen pencil pepper pet photo piano
picture pie pig pilot pink pipe pizza planet plant plastic plate pocket police pool poor potato pound
president price prince prize product program project promise proposal pull pupil purple queen quiet
race radio rain rate reader record release repo report result review rice rich ring river rock roof
rope rule sad safe salad salary salt sand sandwich scale science sea season seat secret sell server
service shape share sheep shelf ship shirt shoe shoes shop shopping shoulder shower sick sign silver
sing singer sister size skin skirt sky sleep slow smile smoke snake snow soap sock soft soldier son
song soup south space speed spend spoon sport spring square staff stage stairs star station steal
step stick stomach stone store storm straight strange stranger student study subject sugar suit sun
supper sweet swim tail tall taste tax taxi tea teacher team tear teeth telephone television tennis
tent thick thin thirsty thousand ticket tie tiger tired title toe toilet tomato tomorrow tongue tool
tooth total touch tour towel tower toy track traffic train travel trip trouble truck tube twelve
twenty uncle university update user valley van vegetable version video village visit voice war warm
wash watch wave weather wedding weekend west wet wheel wife wild win wind wine winter wish wood wool
worker worry yard yellow yesterday zero
node pod container branch commit cluster query column row index value array object function method module package framework sprint config folder log warning script shell terminal tab link site web database backup cache queue stack thread process task port host domain browser keyboard monitor printer password login chat draft copy paste delete insert select input output default option setting settings install upgrade
`;

export const COMMON_WORDS_EN: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** The small words of English (articles, prepositions, pronouns, auxiliaries). */
export const SMALL_WORDS_EN: ReadonlySet<string> = new Set(
  'a an the in on of to at by for from as and or but if so is it be am are was we he she i me my you your its our no not up do'.split(
    ' ',
  ),
);
