package store

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lib/pq"

	"consumption/engine"
)

// null stands for a NULL element in the tests' expectations.
const null = NullElement

// walkArray returns the elements of the array b, NULL ones as null.
func walkArray(b []byte) ([]string, error) {
	a, err := newArrayText(b)
	if err != nil {
		return nil, err
	}
	if a.null {
		return nil, errors.New("a NULL array never ends")
	}
	var elems []string
	for {
		elem, ok, err := a.next()
		if err != nil || !ok {
			return elems, err
		}
		if elem == nil {
			elems = append(elems, null)
		} else {
			elems = append(elems, string(elem))
		}
	}
}

func TestArrayText(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{`{}`, nil},
		{`{1}`, []string{"1"}},
		{`{-1,20393,0}`, []string{"-1", "20393", "0"}},
		{`{1.500000,NULL,2}`, []string{"1.500000", null, "2"}},
		{`{null,NULL}`, []string{null, null}},
		{`{ELECTRICITY,KWH}`, []string{"ELECTRICITY", "KWH"}},
		{`{"NULL",""}`, []string{"NULL", ""}},
		{`{"a,b","{c}"," d "}`, []string{"a,b", "{c}", " d "}},
		{`{"say \"hi\"","back\\slash",x}`, []string{`say "hi"`, `back\slash`, "x"}},
		{`{m³,"kWh"}`, []string{"m³", "kWh"}},
	} {
		got, err := walkArray([]byte(tc.text))
		if err != nil {
			t.Errorf("%s: %v", tc.text, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: elements (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestArrayTextRefusesWhatIsNotOne(t *testing.T) {
	for _, text := range []string{
		``, `{`, `}`, `1,2`, `[1]`, `{1,}`, `{,1}`, `{1,,2}`, `{{1,2},{3,4}}`, `{"a}`, `{"a"b}`,
		`{"a\"}`, `{a"b}`, `{a\b}`, `[1:2]={1,2}`,
	} {
		if got, err := walkArray([]byte(text)); !errors.Is(err, errArrayText) {
			t.Errorf("%q: %q, %v; want errArrayText", text, got, err)
		}
	}
}

// TestArrayTextAllocatesNothing walks an array of numbers, as a read of a
// daily series does with thousands of them, and parses them.
func TestArrayTextAllocatesNothing(t *testing.T) {
	text := []byte(`{20393,20394,NULL,20395}`)
	amounts := []byte(`{1.500000,1000.250000,NULL,3}`)
	allocs := testing.AllocsPerRun(100, func() {
		days, _ := newArrayText(text)
		sums, _ := newArrayText(amounts)
		var p elementParser
		for {
			day, ok, _ := days.next()
			sum, _, _ := sums.next()
			if !ok {
				break
			}
			p.int(day)
			if sum != nil {
				if _, err := engine.ParseDecimal(sum); err != nil {
					t.Fatal(err)
				}
			}
		}
		if p.err != nil {
			t.Fatal(p.err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations a walk; want none", allocs)
	}
}

// FuzzArrayText checks that the walker never panics, and that where it and
// the driver's own parser both read an array of text, they read the same
// elements.
func FuzzArrayText(f *testing.F) {
	for _, seed := range []string{`{}`, `{1,NULL,2}`, `{"a,b",c}`, `{"x\"y",z}`, `{{1}}`, `{a`, `{"NULL",""}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := walkArray([]byte(text))
		if err != nil {
			return
		}
		var want pq.StringArray
		if want.Scan([]byte(text)) != nil {
			return // the driver refuses NULL elements in an array of strings
		}
		if diff := cmp.Diff([]string(want), got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%q: elements (-driver +walker):\n%s", text, diff)
		}
	})
}

// TestNextElements walks a packed row's arrays side by side: NULL arrays
// are NULL in every row, NULL types mean no rows, and arrays that end
// apart are an error.
func TestNextElements(t *testing.T) {
	walk := func(columns map[int]string) ([][aggregateColumns]string, error) {
		var arrays [aggregateColumns]arrayText
		for i := range arrays {
			var text []byte
			if c, ok := columns[i]; ok {
				text = []byte(c)
			}
			var err error
			if arrays[i], err = newArrayText(text); err != nil {
				return nil, err
			}
		}
		var rows [][aggregateColumns]string
		for {
			var row [aggregateColumns][]byte
			more, err := nextElements(&arrays, &row)
			if !more || err != nil {
				return rows, err
			}
			var texts [aggregateColumns]string
			for i, e := range row {
				texts[i] = null
				if e != nil {
					texts[i] = string(e)
				}
			}
			rows = append(rows, texts)
		}
	}
	rows, err := walk(map[int]string{aggType: `{GAS,NULL}`, aggUnit: `{KWH,EUR}`, aggAmount: `{1.5,11.2}`, aggDays: `{3,NULL}`})
	if err != nil {
		t.Fatal(err)
	}
	want := [][aggregateColumns]string{
		{"GAS", "KWH", null, null, "1.5", "3", null, null, null},
		{null, "EUR", null, null, "11.2", null, null, null, null},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if rows, err := walk(map[int]string{aggUnit: `{KWH}`}); err != nil || len(rows) != 0 {
		t.Errorf("NULL types: %q, %v; want no rows", rows, err)
	}
	for _, columns := range []map[int]string{
		{aggType: `{GAS,WATER}`, aggUnit: `{KWH}`},
		{aggType: `{GAS}`, aggUnit: `{KWH,LITER}`},
		{aggType: `{GAS}`, aggUnit: `{}`},
	} {
		if rows, err := walk(columns); err == nil {
			t.Errorf("%v: %q; want an error", columns, rows)
		}
	}
}
