package web

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics, on their own registry.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	screenings *prometheus.CounterVec
	matches    *prometheus.CounterVec
	reloads    *prometheus.CounterVec
	auditLat   prometheus.Histogram
	ready      prometheus.Gauge
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "embargo_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "embargo_http_request_duration_seconds", Help: "HTTP request latency by route and status code.",
		Buckets: []float64{.0002, .0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "code"})
	m.screenings = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "embargo_screenings_total", Help: "Parties screened, by endpoint.",
	}, []string{"endpoint"})
	m.matches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "embargo_screening_matches_total", Help: "Screenings with at least one match, by endpoint.",
	}, []string{"endpoint"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "embargo_list_reloads_total", Help: "List reloads by result: accepted, forced, refused (failed a check) or failed (could not load).",
	}, []string{"result"})
	for _, r := range []string{"accepted", "forced", "refused", "failed"} {
		m.reloads.WithLabelValues(r) // exported as 0 before the first such reload
	}
	m.auditLat = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "embargo_audit_append_duration_seconds", Help: "Time to make a screening record durable.",
		Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .5, 1},
	})
	m.ready = prometheus.NewGauge(prometheus.GaugeOpts{Name: "embargo_ready", Help: "1 when lists are loaded and the server answers screenings."})
	listInfo := prometheus.NewDesc("embargo_list_entities", "Entities in each loaded list.", []string{"list", "published", "sha256"}, nil)
	listAge := prometheus.NewDesc("embargo_list_age_seconds", "Seconds since each loaded list's publication date (stale lists are a compliance risk).", []string{"list"}, nil)
	loaded := prometheus.NewDesc("embargo_dataset_loaded_timestamp_seconds", "When the current dataset was loaded.", []string{"version"}, nil)
	entities := prometheus.NewDesc("embargo_dataset_entities", "Entities in the current dataset after merging.", []string{"version"}, nil)
	inFlight := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "embargo_http_in_flight",
		Help: "Screening requests being served; past the server's limit new ones get 503 overloaded."},
		func() float64 { return float64(s.inFlight.Load()) })
	m.reg.MustRegister(m.requests, m.latency, m.screenings, m.matches, m.reloads, m.auditLat, m.ready, inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectorFunc{descs: []*prometheus.Desc{listInfo, listAge, loaded, entities}, collect: func(ch chan<- prometheus.Metric) {
			cur := s.current.Load()
			if cur == nil {
				return
			}
			snap := cur.svc.Snapshot
			for _, l := range snap.Lists {
				ch <- prometheus.MustNewConstMetric(listInfo, prometheus.GaugeValue, float64(l.Records), l.ID, l.Published, l.SHA256)
				if t, err := time.Parse("2006-01-02", l.Published); err == nil {
					ch <- prometheus.MustNewConstMetric(listAge, prometheus.GaugeValue, time.Since(t).Seconds(), l.ID)
				}
			}
			ch <- prometheus.MustNewConstMetric(loaded, prometheus.GaugeValue, float64(cur.loaded.Unix()), snap.Version)
			ch <- prometheus.MustNewConstMetric(entities, prometheus.GaugeValue, float64(snap.Count()), snap.Version)
		}})
	return m
}

// collectorFunc is a prometheus.Collector from a function, for values read
// at scrape time.
type collectorFunc struct {
	descs   []*prometheus.Desc
	collect func(chan<- prometheus.Metric)
}

func (c collectorFunc) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c collectorFunc) Collect(ch chan<- prometheus.Metric) { c.collect(ch) }
