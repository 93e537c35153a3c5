package match

import (
	"errors"
	"testing"

	"github.com/embargo/embargo/entity"
	"github.com/embargo/embargo/names"
)

func compare(t *testing.T, q, l string, hint names.Hint) NameScore {
	t.Helper()
	sc, err := New(nil, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	qa, la := names.Analyze(q, hint), names.Analyze(l, hint)
	return sc.CompareNames(&qa, &la)
}

func TestCompareNames(t *testing.T) {
	for _, tc := range []struct {
		q, l     string
		hint     names.Hint
		min, max float64
	}{
		{"Vladimir Putin", "Vladimir Putin", names.HintPerson, 1, 1},
		{"Putin Vladimir", "Vladimir Putin", names.HintPerson, 0.97, 0.99},               // order costs a little
		{"Vladimir Putin", "Vladimir Vladimirovich PUTIN", names.HintPerson, 0.95, 0.99}, // a missing patronymic costs little
		{"Vladimir Vladimirovich", "Vladimir Vladimirovich PUTIN", names.HintPerson, 0, 0.8},
		{"George Bush", "George Habbash", names.HintPerson, 0, 0.6},
		{"Jon Smith", "John Smith", names.HintPerson, 0.9, 0.99},
		{"Abdulrahman Al Nuaymi", "Abd al-Rahman al-Nuaymi", names.HintPerson, 0.85, 1},
		{"Bank 1", "Bank 2", names.HintOrg, 0, 0.55},
		{"Trading Company", "Al Haram Trading Company", names.HintOrg, 0, 0.6},
		{"Rosneft PJSC", "ПАО Роснефть", names.HintOrg, 0.95, 1},
		{"Rosneft LLC", "ПАО Роснефть", names.HintOrg, 0.9, 0.97}, // another legal form
		{"Putim", "Putin", names.HintPerson, 0, DefaultConfig().SingleCap},
		{"T", "T-Bank JSC", names.HintOrg, 0, DefaultConfig().SingleCap}, // a one-letter name
		// Arabic script against the Latin spellings of the lists
		{"عبد الملك الحوثي", "Abdul Malik AL HOUTHI", names.HintPerson, 0.9, 1},
		{"عبد الملك الحوثي", "Abdulmalik al-Huthi", names.HintPerson, 0.85, 1},
		{"محمد عبد الله", "Mohammed Abdullah", names.HintPerson, 0.9, 1},
		{"أسامة بن لادن", "Usama bin Laden", names.HintPerson, 0.9, 1},
		{"خلیل احمد حقانی", "KHALIL AHMED HAQQANI", names.HintPerson, 0.9, 1},
		{"نواف الحازمي", "Nawaf al-Hazmi", names.HintPerson, 0.9, 1},
		{"فارس الشهابي", "Fares CHEHABI", names.HintPerson, 0.85, 1},
		{"إسحاق", "Ishaq", names.HintPerson, 0.65, 1},
		{"محمد رضا نقدی", "Mohammad Reza NAQDI", names.HintPerson, 0.85, 1},
		{"نذیر الله حقانی", "NAZIRULLAH HAQQANI", names.HintPerson, 0.85, 1},
		{"سراج الدين حقانى", "SIRAJUDDIN HAQQANI", names.HintPerson, 0.85, 1},
		{"مهدی حسن زاده", "Mehdi HASSANZADEH", names.HintPerson, 0.85, 1},
		{"مراد فتحی", "Murad FATHI", names.HintPerson, 0.9, 1},
		{"محمد لكحل", "MOHAMED LAKHAL", names.HintPerson, 0.9, 1},
		// and different names that share consonants
		{"حسين طلال", "Hassan TALA", names.HintPerson, 0, 0.8},
		{"خلود الشريف", "Khaled SHARROUF", names.HintPerson, 0, 0.8},
		{"عباس عالی", "La Base", names.HintOrg, 0, 0.8},
		{"יואל גד", "Al Qaeda", names.HintOrg, 0, 0.8},
	} {
		ns := compare(t, tc.q, tc.l, tc.hint)
		if ns.Score < tc.min || ns.Score > tc.max {
			t.Errorf("%q vs %q = %.3f, want [%.2f, %.2f]; %+v", tc.q, tc.l, ns.Score, tc.min, tc.max, ns)
		}
	}
}

func TestScoresSpread(t *testing.T) {
	// many different pairs must not all score 1
	pairs := [][2]string{
		{"Vladimir Putin", "Vladimir Putin"},
		{"Wladimir Putin", "Vladimir Putin"},
		{"Vladimir Puttin", "Vladimir Putin"},
		{"Putin Vladimir", "Vladimir Putin"},
		{"Vladimir Putin", "Vladimir Vladimirovich Putin"},
		{"V Putin", "Vladimir Putin"},
	}
	seen := map[float64]bool{}
	for _, p := range pairs {
		seen[compare(t, p[0], p[1], names.HintPerson).Score] = true
	}
	if len(seen) < len(pairs)-1 {
		t.Errorf("only %d distinct scores for %d pairs: %v", len(seen), len(pairs), seen)
	}
}

func TestEvidence(t *testing.T) {
	sc, _ := New(nil, DefaultConfig())
	d := func(s string) entity.Date { x, _ := entity.ParseDate(s); return x }
	e := &entity.Entity{Schema: entity.Person, Gender: "male", BirthDates: []entity.Date{d("1952-10-07")}, Nationalities: []string{"ru"},
		Identifiers: []entity.Identifier{{Type: entity.Passport, Value: "AB 123 456"}}}
	ns := &NameScore{Score: 0.85}
	for _, tc := range []struct {
		name string
		q    Query
		cmp  int // sign of the change against no evidence
	}{
		{"dob agrees", Query{BirthDates: []entity.Date{d("1952-10-07")}}, 1},
		{"year agrees", Query{BirthDates: []entity.Date{d("1952")}}, 1},
		{"day differs", Query{BirthDates: []entity.Date{d("1952-10-08")}}, -1},
		{"year differs", Query{BirthDates: []entity.Date{d("1970")}}, -1},
		{"country agrees", Query{Countries: []string{"ru"}}, 1},
		{"country differs", Query{Countries: []string{"fr"}}, -1},
		{"gender differs", Query{Gender: "female"}, -1},
		{"organisation query", Query{Schema: entity.Company}, -1},
		{"passport", Query{Identifiers: []string{"ab123456"}}, 1},
	} {
		base := sc.Evidence(&Query{}, e, ns, "x", entity.Primary, DefaultThreshold).Score
		got := sc.Evidence(&tc.q, e, ns, "x", entity.Primary, DefaultThreshold).Score
		if (tc.cmp > 0 && got <= base) || (tc.cmp < 0 && got >= base) {
			t.Errorf("%s: %.3f vs %.3f without evidence", tc.name, got, base)
		}
	}
	// an identifier alone matches
	h := sc.Evidence(&Query{Identifiers: []string{"AB123456"}}, e, nil, "", entity.Primary, DefaultThreshold)
	if !h.Match {
		t.Errorf("identifier alone: %+v", h)
	}
	// a weak alias alone is held under the threshold
	h = sc.Evidence(&Query{}, e, &NameScore{Score: 1}, "x", entity.WeakAlias, DefaultThreshold)
	if h.Match {
		t.Errorf("weak alias alone matched: %+v", h)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.Threshold = 2
	c.FamilyBoost = 0
	c.GenderClash = 0.5
	err := c.Validate()
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{"threshold", "family_boost", "gender_clash"} {
		if !contains(err.Error(), w) {
			t.Errorf("error %q does not name %s", err, w)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
