package names

import (
	"strings"
	"sync"
)

// titles are honorifics and ranks that precede or follow names; they are
// kept as Title tokens that neither help nor hurt a match much. Keys are
// folded and Latin.
var titles = set(
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev",
	"reverend", "fr", "father", "sr", "jr", "snr", "jnr", "esq", "hon", "honourable", "excellency",
	"his", "her", "he", "president", "minister", "lt", "col", "colonel", "maj",
	"capt", "captain", "admiral", "adm", "brig", "brigadier", "sgt", "sergeant", "commander", "cmdr",
	"marshal", "lieutenant", "ambassador", "senator", "deputy", "governor",
	"sheikh", "shaikh", "shaykh", "sheik", "cheikh",
	"haji", "hajji", "hadji", "alhaji", "hajj", "mullah", "mulla", "molla", "mawlawi", "maulavi", "maulvi", "mawlavi",
	"maulana", "mawlana", "mufti", "qari", "ayatollah", "hojatoleslam", "sayyed", "sayyid", "syed",
	"sayed", "seyed", "seyyed", "engineer", "eng", "ing", "doctor", "dipl", "mag", "herr", "frau",
	"monsieur", "madame", "mme", "mlle", "senor", "senora", "dona", "signor", "gospodin", "gospozha",
)

// particles join name parts (al-, bin, de, van …); they are kept as
// Particle tokens with little weight.
var particles = set(
	"al", "el", "ul", "ur", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "us", "bin", "ben", "ibn",
	"bint", "binti", "bte", "b", "de", "da", "del", "della", "der", "den", "di", "du", "des", "dos", "das",
	"do", "la", "le", "lo", "van", "von", "vom", "zu", "y", "e", "ter", "ten", "af", "av", "mac", "ap", "ou",
	"and", "of", "the", "und", "et", "i",
)

// particleEquiv maps particles to a shared form (bin = ben = ibn).
var particleEquiv = map[string]string{
	"ben": "bin", "ibn": "bin", "b": "bin", "bint": "bin", "binti": "bin", "bte": "bin",
	"el": "al", "ul": "al", "ad": "al", "ar": "al", "as": "al", "ash": "al", "at": "al", "az": "al",
	"an": "al", "ud": "al", "us": "al", "ur": "al",
}

// LegalForm is a class of organisation legal forms; forms in the same class
// are the same legal form in different languages or abbreviations.
type LegalForm string

// legalForms maps a folded, space-separated legal form (Latin or already
// transliterated) to its class. Multi-word forms are matched longest first.
var legalForms = map[string]LegalForm{
	// limited liability companies
	"llc": "llc", "l l c": "llc", "ooo": "llc", "limited liability company": "llc", "too": "llc", "tov": "llc",
	"obshchestvo s ogranichennoi otvetstvennostiu": "llc", "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
	"obschestvo s ogranichennoi otvetstvennostyu": "llc",
	"tovarystvo z obmezhenoiu vidpovidalnistiu":   "llc", "gmbh": "llc", "sarl": "llc", "s a r l": "llc", "srl": "llc",
	"s r l": "llc", "sp z o o": "llc", "sp zoo": "llc", "spzoo": "llc", "s r o": "llc", "sro": "llc", "spol s r o": "llc",
	"doo": "llc", "d o o": "llc", "ltda": "llc", "eood": "llc", "ood": "llc", "kft": "llc", "uab": "llc", "sia": "llc",
	"mchj": "llc", "xk": "llc", "ltd liability co": "llc", "bv": "llc", "b v": "llc", "bvba": "llc", "aps": "llc",
	"sdn bhd": "llc", "pte ltd": "ltd", "pvt ltd": "ltd", "private limited": "ltd", "pty ltd": "ltd",
	// joint-stock companies
	"jsc": "jsc", "ao": "jsc", "zao": "jsc", "cjsc": "jsc", "oao": "jsc", "ojsc": "jsc", "pao": "jsc",
	"pjsc": "jsc", "joint stock company": "jsc", "public joint stock company": "jsc",
	"closed joint stock company": "jsc", "open joint stock company": "jsc", "jtsc": "jsc",
	"aktsionernoe obshchestvo": "jsc", "publichnoe aktsionernoe obshchestvo": "jsc",
	"zakrytoe aktsionernoe obshchestvo": "jsc", "otkrytoe aktsionernoe obshchestvo": "jsc",
	"ag": "jsc", "sa": "jsc", "s a": "jsc", "nv": "jsc", "n v": "jsc", "spa": "jsc", "s p a": "jsc", "as": "jsc",
	"a s": "jsc", "asa": "jsc", "ab": "jsc", "oyj": "jsc", "oy": "jsc", "ad": "jsc", "dd": "jsc", "kk": "jsc",
	"kabushiki kaisha": "jsc", "sa de cv": "jsc", "s a de c v": "jsc", "sab de cv": "jsc", "saic": "jsc", "sae": "jsc",
	"sal": "jsc", "saog": "jsc", "saoc": "jsc", "psc": "jsc", "qsc": "jsc", "bsc": "jsc", "kscp": "jsc", "tbk": "jsc",
	"pt": "jsc", "p t": "jsc", "anonim sirketi": "jsc", "a s_tr": "jsc",
	// limited and public companies (common law)
	"ltd": "ltd", "limited": "ltd", "co ltd": "ltd", "company limited": "ltd", "plc": "ltd", "p l c": "ltd",
	"pte": "ltd", "pty": "ltd", "pvt": "ltd", "lp": "ltd", "llp": "ltd", "l p": "ltd", "l l p": "ltd",
	"inc": "inc", "incorporated": "inc", "corp": "inc", "corporation": "inc",
	"co": "co", "company": "co", "cie": "co", "kg": "co", "ohg": "co", "gbr": "co", "snc": "co", "sas": "co",
	"s a s": "co", "sci": "co", "eurl": "llc", "sprl": "llc", "scs": "co",
	// free-zone and Gulf forms
	"fze": "fz", "fzco": "fz", "fzc": "fz", "fz llc": "fz", "fzllc": "fz", "fz co": "fz", "dmcc": "fz",
	"wll": "llc", "w l l": "llc", "spc": "llc", "est": "est", "establishment": "est",
	// state enterprises
	"fgup": "sue", "gup": "sue", "mup": "sue", "federal state unitary enterprise": "sue",
	"state unitary enterprise": "sue", "federalnoe gosudarstvennoe unitarnoe predpriiatie": "sue",
	"federalnoe gosudarstvennoe unitarnoe predpriyatie": "sue", "fgbu": "sue", "fgbou": "sue",
	// Turkish, Iranian
	"ltd sti": "ltd", "tic ltd sti": "ltd", "san ve tic ltd sti": "ltd", "sti": "ltd", "pjs": "jsc",
	"sherkat sahami khas": "jsc", "sherkat sahami aam": "jsc",
	// Chinese/Japanese legal forms, as pinyin from the Latinizer
	"you xian gong si": "ltd", "gu fen you xian gong si": "jsc", "zhu shi hui she": "jsc",
	"you xian hui she": "llc", "he zi hui she": "co", "he ming hui she": "co", "he tong hui she": "llc",
	"ji tuan": "group_cn",
}

// legalFormsNative are legal forms in their own scripts, matched on folded
// words before transliteration: single Cyrillic abbreviations anywhere,
// phrases at either end of the name.
var legalFormsNative = map[string]LegalForm{
	// Russian, Ukrainian, Belarusian, Kazakh
	"ооо": "llc", "тоо": "llc", "тов": "llc", "одо": "llc", "зао": "jsc", "оао": "jsc", "пао": "jsc", "ао": "jsc",
	"ат": "jsc", "пат": "jsc", "прат": "jsc", "фгуп": "sue", "гуп": "sue", "муп": "sue", "ип": "sole",
	"нко": "npo", "ано": "npo", "чп": "sole", "фгбу": "sue", "ук": "co",
	"общество с ограниченной ответственностью": "llc", "акционерное общество": "jsc",
	"публичное акционерное общество": "jsc", "закрытое акционерное общество": "jsc",
	"открытое акционерное общество": "jsc", "непубличное акционерное общество": "jsc",
	"товариство з обмеженою відповідальністю": "llc", "приватне акціонерне товариство": "jsc",
	"публічне акціонерне товариство": "jsc", "акціонерне товариство": "jsc",
	"федеральное государственное унитарное предприятие": "sue", "государственное унитарное предприятие": "sue",
	"индивидуальный предприниматель": "sole", "некоммерческая организация": "npo",
	// Arabic
	"شركة": "co", "ش م م": "llc", "ذ م م": "llc", "شركة ذات مسؤولية محدودة": "llc", "ذات مسؤولية محدودة": "llc",
	"ش م ع": "jsc", "ش م ب": "jsc", "ش م ك": "jsc", "ش م ع ق": "jsc", "شركة مساهمة": "jsc", "مساهمة عامة": "jsc",
	"مساهمة خاصة": "jsc", "مؤسسة": "est", "المحدودة": "ltd", "محدودة": "ltd",
	// Persian
	"شرکت": "co", "شرکت با مسئولیت محدود": "llc", "با مسئولیت محدود": "llc", "سهامی خاص": "jsc",
	"سهامی عام": "jsc", "شرکت سهامی خاص": "jsc", "شرکت سهامی عام": "jsc", "شرکت تعاونی": "coop", "تعاونی": "coop",
	"موسسه": "est",
	// Hebrew (בע״מ and ע״ר split at the gershayim)
	"בע מ": "ltd", "ע ר": "npo", "חברה": "co", "חברה בע מ": "ltd",
	// Greek, Turkish, Armenian scripts
	"α ε": "jsc", "ε π ε": "llc", "ο ε": "co", "ι κ ε": "llc", "ՍՊԸ": "llc", "սպը": "llc", "փբը": "jsc", "բբը": "jsc",
}

// legalSuffixesCJK are legal forms written at the end (or start) of a
// Chinese, Japanese or Korean name without a space, longest first.
var legalSuffixesCJK = []struct {
	s  string
	lf LegalForm
}{
	{"股份有限公司", "jsc"}, {"有限责任公司", "llc"}, {"有限責任公司", "llc"}, {"有限公司", "ltd"},
	{"集团公司", "co"}, {"集團公司", "co"}, {"公司", "co"},
	{"株式会社", "jsc"}, {"有限会社", "llc"}, {"合資会社", "co"}, {"合名会社", "co"}, {"合同会社", "llc"},
	{"주식회사", "jsc"}, {"유한회사", "llc"}, {"유한책임회사", "llc"}, {"합자회사", "co"}, {"합명회사", "co"},
}

var (
	legalMaxWords int
	legalOnce     sync.Once
)

func legalInit() {
	for k := range legalForms {
		if n := strings.Count(k, " ") + 1; n > legalMaxWords {
			legalMaxWords = n
		}
	}
}

// equivalents lists groups of given names (and a few name particles) that
// are the same name in other languages, romanisations or short forms. Every
// member is compared after Respell, so spelling variants that Respell
// already folds need not be listed.
var equivalents = [][]string{
	{"mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad", "muhamad", "muhamed", "mohd", "md", "mohamud", "mukhammad", "mukhammed", "magomed", "mahomed", "mehmet", "mehmed", "mohammadi", "muhammet", "mamadou", "mamad", "mhd", "mouhamed", "mouhammad", "muhamet", "mahammad", "magamed"},
	{"ahmed", "ahmad", "akhmed", "achmed", "ahmet", "akhmad", "ahmat", "ahamed"},
	{"mahmoud", "mahmud", "makhmud", "mahmut", "mahmood", "mehmood"},
	{"hussein", "husain", "hussain", "husayn", "hossein", "huseyn", "guseyn", "gusein", "hosein", "husein", "hussien", "hosseyn", "huseyin", "hussin"},
	{"hassan", "hasan", "gasan", "hassane", "hasani"},
	{"hasan", "hassan"},
	{"abdullah", "abdallah", "abdulla", "abd allah", "abdalla", "abdellah", "abdollah", "abdulah", "abdoulah", "abdula"},
	{"abdul", "abd", "abdel", "abdal", "abdol", "abdoul", "abdu", "abdur", "abdulla"},
	{"omar", "umar", "omer", "umer", "oumar"},
	{"osama", "usama", "usamah", "oussama"},
	{"yusuf", "youssef", "yousef", "yousif", "yusef", "yossef", "yosef", "joseph", "josef", "iosif", "yusif", "jusuf", "yousuf", "giuseppe", "jose", "youcef"},
	{"ibrahim", "ebrahim", "abraham", "avraam", "ibragim", "brahim", "ibrahima"},
	{"ismail", "ismael", "ismoil", "ismayil", "esmail", "smail"},
	{"khalid", "khaled", "halid", "khalied", "chaled"},
	{"said", "saeed", "saied", "saeid", "sayid", "saiid", "seyid"},
	{"sayed", "sayyid", "syed", "sayyed", "seyed", "seyyed", "sayyad", "said_title"},
	{"yahya", "yahia", "yehia", "yahiya", "yehya"},
	{"mustafa", "mostafa", "moustafa", "mustapha", "mostapha", "mustafo"},
	{"abdelkader", "abdulkadir", "abdul qadir", "abd al qadir", "abdelkadir", "abdulqadir"},
	{"abdulrahman", "abdurrahman", "abdelrahman", "abdul rahman", "abd al rahman", "abdurahmon", "abdurakhman", "abdourahmane"},
	{"ali", "aly", "aliy"},
	{"jamal", "gamal", "djamal", "dzhamal", "jamaal"},
	{"jamil", "gamil", "djamil", "jameel"},
	{"nasser", "nasir", "naser", "nassir", "nacer"},
	{"faisal", "faysal", "feisal", "faisel"},
	{"salah", "salaheddine", "salah al din", "salahuddin", "salahaddin"},
	{"nur", "noor", "nour", "nuri"},
	{"rahman", "rehman", "rakhman"},
	{"rahim", "raheem", "rakhim"},
	{"karim", "kareem", "karimi"},
	{"hamid", "hameed", "khamid", "hamed"},
	{"majid", "majeed", "madjid", "magid"},
	{"rashid", "rasheed", "rachid", "rashed", "rachied"},
	{"walid", "waleed", "oualid"},
	{"zayd", "zaid", "zeid", "zayed"},
	{"aisha", "aicha", "ayesha", "aysha", "aishah"},
	{"fatima", "fatma", "fatimah", "fatemeh"},
	{"maryam", "mariam", "miriam", "meryem", "mariya", "maria", "marie", "mary", "mariia", "marija"},
	{"aleksandr", "alexander", "alexandr", "oleksandr", "aleksander", "alexandre", "alessandro", "alejandro", "aliaksandr", "alyaksandr", "olexandr", "aleksandar", "aleksandre", "alex", "sasha"},
	{"aleksei", "alexei", "alexey", "aleksey", "oleksiy", "oleksii", "aliaksei", "alexis", "oleksij", "olexiy"},
	{"sergei", "sergey", "serhiy", "sergiy", "serguei", "sergej", "siarhei", "serhii", "sergii", "serge", "sergio", "sergiu"},
	{"yuri", "yury", "iuri", "juri", "jurij", "yurii", "iurii", "yurij", "youri", "iouri", "yurik"},
	{"dmitri", "dmitry", "dmytro", "dimitri", "dzmitry", "dimitry", "dmitrij", "dimitrios", "dimitar", "dmitrii"},
	{"andrei", "andrey", "andriy", "andrii", "andrew", "andreas", "andrzej", "andrej", "andre", "andres", "andrea", "andrija", "andrius", "andrea"},
	{"nikolai", "nikolay", "mykola", "nicholas", "nikolaj", "mikalai", "nicolas", "nicolai", "nikola", "nicola", "nikolaos", "niko", "nick"},
	{"mikhail", "michael", "mykhailo", "michal", "mihail", "michel", "miguel", "mikhael", "mykhaylo", "mikael", "mikhailo", "michail", "mike", "mikheil"},
	{"pavel", "paul", "pavlo", "paulo", "pablo", "pawel", "paolo", "pavlos", "paulus"},
	{"petr", "pyotr", "peter", "petro", "pierre", "pedro", "piotr", "pietro", "petar", "petros", "pete"},
	{"ivan", "john", "ioann", "jan", "juan", "johann", "johannes", "giovanni", "jean", "ioannis", "yann", "ion", "ivo", "hans", "johan", "jon", "jovan", "yahya_j"},
	{"vladimir", "volodymyr", "uladzimir", "wladimir", "wlodzimierz", "vladimer", "vladimiro", "volodimir", "vova", "volodya"},
	{"evgeni", "yevgeny", "evgeny", "evgeniy", "yevgeniy", "eugene", "yevhen", "ievgen", "jewgeni", "evgenii", "yevgenii", "ievgenii", "jevgenij", "evgenij", "yauhen", "eugen", "eugenio", "evgenios"},
	{"konstantin", "kostiantyn", "constantine", "konstantyn", "constantin", "kanstantsin", "costantino", "konstantinos"},
	{"viacheslav", "vyacheslav", "wjatscheslaw", "viachaslau", "vjaceslav"},
	{"anatoli", "anatoly", "anatolii", "anatoliy", "anatol"},
	{"vasili", "vasily", "vasiliy", "vasyl", "wassili", "basil", "vasilii", "vasile", "vasileios", "vasil", "vassili"},
	{"grigori", "grigory", "grigoriy", "hryhoriy", "gregory", "grzegorz", "gregor", "gregorio", "hryhorii", "grigorii"},
	{"georgi", "georgy", "georgiy", "heorhiy", "george", "georg", "jorge", "giorgi", "georges", "giorgio", "georgios", "jerzy", "heorhii", "georgii"},
	{"oleg", "oleh", "aleh"},
	{"igor", "ihor", "ihar"},
	{"victor", "viktor", "vitor", "wiktor"},
	{"yelena", "elena", "olena", "helen", "helena", "alena", "alyona", "jelena", "ellen", "eleni", "hélène", "ilena", "ielena"},
	{"ekaterina", "yekaterina", "kateryna", "catherine", "katerina", "katarzyna", "katharina", "caterina", "catarina", "katherine", "kathryn", "katsiaryna", "jekaterina", "katya", "katia", "kate"},
	{"tatiana", "tatyana", "tetiana", "tatjana", "tatsiana", "tetyana"},
	{"natalia", "natalya", "nataliya", "natalie", "nathalie", "natalija", "nataliia", "natallia"},
	{"olga", "olha", "volha", "olgha"},
	{"anna", "ganna", "hanna", "anne", "ann", "hannah", "anya", "ana", "anka"},
	{"yulia", "julia", "yuliya", "iuliia", "juliya", "yuliia", "julija", "julie", "giulia"},
	{"irina", "iryna", "iryna", "irene", "irena", "iren", "ira"},
	{"svetlana", "sviatlana", "svitlana"},
	{"ludmila", "lyudmila", "liudmyla", "liudmila", "lioudmila", "ljudmila"},
	{"boris", "borys", "barys"},
	{"gennadi", "gennady", "gennadiy", "hennadiy", "gennadii", "hennadii", "henadz"},
	{"valeri", "valery", "valeriy", "valerii", "valerij", "valerio", "valere"},
	{"roman", "romain", "romano"},
	{"leonid", "leonid", "leonide", "leonidas"},
	{"arkadi", "arkady", "arkadiy", "arkadii"},
	{"matvei", "matvey", "matthew", "matteo", "mateusz", "mathieu", "matthias", "matej", "mateo", "matti"},
	{"yakov", "iakov", "jakov", "jacob", "jakob", "yaakov", "yaqub", "yakub", "jakub", "giacomo", "jacques", "jaime", "james", "diego_j"},
	{"ilya", "ilia", "illia", "elijah", "elias", "ilias", "ilja"},
	{"mikhailovich", "mikhaylovich", "mykhailovych"},
	{"alexandrovich", "aleksandrovich", "oleksandrovych", "alexandrovitch"},
	{"vladimirovich", "volodymyrovych", "vladimirovitch", "vladimirovitj", "wladimirowitsch"},
	{"william", "bill", "will", "billy", "wilhelm", "guillaume", "guillermo", "willem", "wiliam"},
	{"robert", "bob", "rob", "bobby", "roberto", "robbie"},
	{"richard", "dick", "rick", "ricardo", "riccardo", "rich"},
	{"thomas", "tom", "tomas", "tommaso", "tomasz", "foma"},
	{"charles", "charlie", "carlos", "carl", "karl", "carlo", "karol"},
	{"edward", "ed", "eduard", "eduardo", "edouard", "ted", "ned"},
	{"elizabeth", "liz", "beth", "elisabeth", "elisabetta", "isabel", "elizaveta", "yelizaveta", "lisa", "elisa"},
	{"francis", "frank", "francesco", "francisco", "francois", "franz", "frantisek", "franciszek"},
	{"henry", "harry", "henri", "enrique", "heinrich", "enrico", "hendrik", "henrique"},
	{"stephen", "steven", "steve", "stefan", "stepan", "stephane", "esteban", "stefano", "stepan", "stephan", "istvan"},
	{"daniel", "dan", "danny", "danilo", "daniil", "danylo", "daniele"},
	{"david", "dave", "davide", "davit", "daud", "dawood", "dawud", "davoud"},
	{"solomon", "suleiman", "sulayman", "suleyman", "sulaiman", "soliman", "sulejman", "souleymane", "salomon"},
	{"musa", "moussa", "moses", "moshe", "mousa", "mussa"},
	{"isa", "issa", "eesa", "jesus", "yeshua"},
	{"yunus", "younes", "younis", "jonah", "yunis", "iounes"},
	{"harun", "haroun", "haroon", "aaron", "aron"},
	{"idris", "idriss", "edris"},
	{"nuh", "nooh", "noah"},
	{"sulaiman", "sulayman"},
	{"lee", "li", "yi", "ri", "rhee"},
	{"park", "pak", "bak"},
	{"choi", "choe", "chey"},
	{"jung", "jeong", "chung", "chong", "jong"},
	{"kim", "gim"},
	{"kang", "gang"},
	{"cho", "jo"},
	{"yoon", "yun"},
	{"jang", "chang"},
	{"lim", "im", "rim"},
	{"shin", "sin"},
	{"chol", "cheol", "chul"},
	{"hyon", "hyun", "hyeon"},
	{"myong", "myung", "myeong"},
	{"song", "sung", "seong", "sang_k"},
	{"hui", "hee", "heui"},
	{"ho", "heo", "huh"},
	{"zhang", "chang_c", "cheung", "teo_c"},
	{"wang", "wong", "ong_c"},
	{"chen", "chan", "tan_c"},
	{"huang", "wong_c", "ng_c", "hwang"},
	{"zhou", "chou", "chow"},
}

var (
	eqOnce sync.Once
	eqSym  map[string]uint32 // Respell(member) → group id (1-based)
	eqList [][]string
)

func eqInit() {
	eqSym = map[string]uint32{}
	for _, g := range equivalents {
		id := uint32(len(eqList) + 1)
		var members []string
		for _, m := range g {
			if strings.Contains(m, "_") { // disambiguated placeholder, not a spelling
				continue
			}
			k := Respell(strings.ReplaceAll(m, " ", ""))
			if _, taken := eqSym[k]; taken {
				// a spelling in two groups (hasan) keeps its first group
				continue
			}
			eqSym[k] = id
			members = append(members, m)
		}
		eqList = append(eqList, members)
	}
}

// Symbol returns the equivalence group of a key form, 0 when it has none.
func Symbol(key string) uint32 {
	eqOnce.Do(eqInit)
	return eqSym[key]
}

// SymbolMembers returns the spellings in an equivalence group.
func SymbolMembers(sym uint32) []string {
	eqOnce.Do(eqInit)
	if sym == 0 || int(sym) > len(eqList) {
		return nil
	}
	return eqList[sym-1]
}

// orgWords are generic words of organisation names; they are marked so the
// scorer can make sure a match never rests on them alone.
var orgWords = set(
	"trading", "trade", "company", "group", "holding", "holdings", "international", "intl", "industries",
	"industry", "industrial", "bank", "banking", "general", "services", "service", "enterprise", "enterprises",
	"import", "export", "imports", "exports", "global", "investment", "investments", "management", "shipping",
	"logistics", "technology", "technologies", "tech", "solutions", "systems", "partners", "capital",
	"finance", "financial", "corporation", "commercial", "development", "engineering", "construction",
	"energy", "oil", "gas", "petroleum", "resources", "manufacturing", "products", "national", "state",
	"foundation", "association", "institute", "center", "centre", "agency", "ministry", "office", "department",
	"fund", "llc", "ltd", "inc", "co", "jsc", "bureau", "organization", "organisation", "society", "union",
	"factory", "plant", "works", "firm", "store", "shop", "market", "network", "media", "consulting",
	"insurance", "securities", "asset", "assets", "partnership", "ventures", "venture", "limited",
	"maritime", "marine", "air", "airlines", "airline", "transport", "navigation", "line", "lines", "research",
	"scientific", "federal", "public", "joint", "stock", "unitary", "university", "academy", "exchange",
	"union", "council", "committee", "authority", "company_", "mining", "metal", "metals", "steel", "chemical",
	"chemicals", "pharma", "pharmaceutical", "electronics", "electric", "electrical", "machinery", "auto",
	"automotive", "motors", "motor", "aviation", "aerospace", "defense", "defence", "military", "security",
	"software", "digital", "data", "telecom", "telecommunications", "communications", "food", "foods",
	"agro", "agricultural", "real", "estate", "property", "properties", "development", "travel", "tour",
	"tours", "hotel", "hotels", "clinic", "hospital", "medical", "health", "care", "school", "college",
	"education", "training", "design", "studio", "consultancy", "advisory", "sa", "gmbh", "ag", "plc",
)

// IsOrgWord reports whether a key form is a generic organisation word.
func IsOrgWord(key string) bool { return orgWords[key] }

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
